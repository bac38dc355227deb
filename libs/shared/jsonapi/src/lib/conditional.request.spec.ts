import { etagFor, isNotModified } from '../index';

describe('etagFor', () => {
  it('is a weak ETag that changes with any part', () => {
    const etag = etagFor('sync-42', '/nodes?page[size]=2');
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(etagFor('sync-42', '/nodes?page[size]=2')).toBe(etag);
    expect(etagFor('sync-43', '/nodes?page[size]=2')).not.toBe(etag);
    expect(etagFor('sync-4', '2/nodes?page[size]=2')).not.toBe(etag);
  });

  it('takes dates, numbers and objects', () => {
    const at = new Date('2024-01-01T00:00:00Z');
    expect(etagFor(at, 1, { a: 1 })).toBe(etagFor(new Date(at), 1, { a: 1 }));
    expect(etagFor(at, 1, { a: 1 })).not.toBe(etagFor(at, 1, { a: 2 }));
    expect(etagFor(1n)).not.toBe(etagFor(1));
  });
});

describe('isNotModified', () => {
  const etag = etagFor('x');
  const opaque = etag.slice(2);

  it.each([
    [etag, true],
    [opaque, true],
    [`"other", ${etag}`, true],
    [`W/"other",${opaque}`, true],
    ['*', true],
    [[`"other"`, etag], true],
    ['"other"', false],
    ['', false],
    [undefined, false],
    [opaque.slice(0, -2) + '"', false],
  ])('%p -> %p', (header, expected) => {
    expect(isNotModified(header, etag)).toBe(expected);
  });

  it('compares strong ETags weakly too', () => {
    expect(isNotModified('W/"abc"', '"abc"')).toBe(true);
  });
});
