import { DEFAULT_PAGE, defineResource, pageSpecOf } from '../index';

describe('defineResource', () => {
  it('returns a valid spec unchanged, with the default page sizes', () => {
    const spec = { type: 'things', attributes: ['name'] };
    expect(defineResource(spec)).toBe(spec);
    expect(pageSpecOf(spec)).toEqual(DEFAULT_PAGE);
    expect(DEFAULT_PAGE).toEqual({ defaultSize: 20, maxSize: 100 });
    expect(pageSpecOf({ ...spec, page: { maxSize: 50 } })).toEqual({
      defaultSize: 20,
      maxSize: 50,
    });
  });

  it.each([
    [{ type: 'things', attributes: ['id'] }, /may not be named 'id'/],
    [{ type: 'things', attributes: ['type'] }, /may not be named 'type'/],
    [{ type: 'things', attributes: ['a b'] }, /not a valid member name/],
    [{ type: 'some things', attributes: [] }, /type 'some things'/],
    [
      {
        type: 'things',
        attributes: ['owner'],
        relationships: { owner: { type: 'people', kind: 'to-one' } },
      },
      /fields named twice: owner/,
    ],
    [
      {
        type: 'things',
        attributes: [],
        relationships: { things: { type: 'people', kind: 'to-many' } },
      },
      /shadow/,
    ],
    [{ type: 'things', attributes: ['name'], defaultSort: ['-name'] }, /'name' is not sortable/],
    [{ type: 'things', attributes: [], includes: ['owner'] }, /include path 'owner'/],
    [{ type: 'things', attributes: [], page: { defaultSize: 200 } }, /defaultSize/],
    [{ type: 'things', attributes: [], page: { maxSize: 0 } }, /maxSize/],
  ])('refuses %p', (spec, message) => {
    expect(() => defineResource(spec as never)).toThrow(message);
  });
});
