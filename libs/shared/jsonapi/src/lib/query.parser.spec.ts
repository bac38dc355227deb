import { expectValidJsonApiDocument } from '@waypost/shared/testing';
import {
  JsonApiErrorList,
  ParseOptions,
  encodeCursor,
  errorDocument,
  parseJsonApiQuery,
  parseSingleResourceQuery,
  queryStringOf,
} from '../index';
import { NODES, TAGS } from '../test/example.resources';

const OPTIONS: ParseOptions = { related: [TAGS] };

function parse(raw: string, options: ParseOptions = OPTIONS) {
  return parseJsonApiQuery(raw, NODES, options);
}

/** The errors a query is refused with, checked against the JSON:API schema on the way. */
function problems(raw: string, options: ParseOptions = OPTIONS) {
  try {
    parse(raw, options);
  } catch (error) {
    if (!(error instanceof JsonApiErrorList)) throw error;
    expect(error.status).toBe(400);
    const document = errorDocument(error.errors);
    expectValidJsonApiDocument(document);
    return document.errors.map(({ status, code, source, detail, meta, links }) => ({
      status,
      code,
      source,
      detail,
      meta,
      links,
    }));
  }
  throw new Error(`expected '${raw}' to be refused`);
}

const DEFAULT_SORT = [
  { field: 'name', direction: 'asc' },
  { field: 'id', direction: 'asc' },
];

describe('parseJsonApiQuery', () => {
  it('gives the defaults for an empty query', () => {
    expect(parse('')).toEqual({
      filter: {},
      sort: DEFAULT_SORT,
      fields: {},
      include: [],
      page: { size: 20 },
    });
  });

  it('reads every family, typed by the spec', () => {
    const query = parse(
      'filter[level]=leaf&filter[near]=52.52,13.405&filter[radius]=2500&filter[ids]=a,b' +
        '&filter[leaf]=true&filter[minPopulation]=1.5&filter[updatedAfter]=2024-05-01' +
        '&filter[parent.direct]=false&filter[q]=Ber+lin' +
        '&sort=-population,name&fields[nodes]=name,parent&fields[tags]=label' +
        '&include=parent,tags&page[size]=50',
    );
    expect(query.filter).toEqual({
      level: 'leaf',
      near: { lat: 52.52, lng: 13.405 },
      radius: 2500,
      ids: ['a', 'b'],
      leaf: true,
      minPopulation: 1.5,
      updatedAfter: new Date('2024-05-01T00:00:00Z'),
      'parent.direct': false,
      q: 'Ber lin',
    });
    const level: 'root' | 'branch' | 'leaf' | undefined = query.filter.level;
    expect(level).toBe('leaf');
    expect(query.sort).toEqual([
      { field: 'population', direction: 'desc' },
      { field: 'name', direction: 'asc' },
      { field: 'id', direction: 'asc' },
    ]);
    expect(query.fields).toEqual({ nodes: ['name', 'parent'], tags: ['label'] });
    expect(query.include).toEqual(['parent', 'tags']);
    expect(query.page).toEqual({ size: 50 });
  });

  it('accepts percent-encoded brackets and a leading question mark', () => {
    const encoded = parse('?page%5Bsize%5D=5&filter%5Blevel%5D=root&fields%5Bnodes%5D=name');
    expect(encoded.page.size).toBe(5);
    expect(encoded.filter).toEqual({ level: 'root' });
    expect(encoded.fields).toEqual({ nodes: ['name'] });
  });

  it('takes an empty fieldset as "no fields", as JSON:API allows', () => {
    expect(parse('fields[nodes]=').fields).toEqual({ nodes: [] });
  });

  it('does not add the id tie-breaker twice', () => {
    const sortable = { ...NODES, sortable: { ...NODES.sortable, id: 'string' as const } };
    expect(parseJsonApiQuery('sort=-id', sortable).sort).toEqual([
      { field: 'id', direction: 'desc' },
    ]);
  });

  it.each([
    ['foo=1', 'foo', 'unknown-parameter'],
    ['filter=1', 'filter', 'unknown-parameter'],
    ['page[number]=2', 'page[number]', 'unknown-parameter'],
    ['filter[level][x]=1', 'filter[level][x]', 'unknown-parameter'],
    ['sort[name]=1', 'sort[name]', 'unknown-parameter'],
    ['filter[colour]=red', 'filter[colour]', 'unknown-filter'],
    ['filter[level]=town', 'filter[level]', 'invalid-filter-value'],
    ['filter[radius]=0', 'filter[radius]', 'invalid-filter-value'],
    ['filter[near]=91,0', 'filter[near]', 'invalid-filter-value'],
    ['filter[leaf]=yes', 'filter[leaf]', 'invalid-filter-value'],
    ['filter[updatedAfter]=2024-02-30', 'filter[updatedAfter]', 'invalid-filter-value'],
    ['filter[ids]=a,,b', 'filter[ids]', 'invalid-filter-value'],
    ['filter[level]=', 'filter[level]', 'empty-parameter'],
    ['sort=', 'sort', 'empty-parameter'],
    ['include', 'include', 'empty-parameter'],
    ['sort=colour', 'sort', 'unknown-sort-field'],
    ['sort=name,-name', 'sort', 'invalid-parameter'],
    ['sort=name,', 'sort', 'invalid-parameter'],
    ['include=cousins', 'include', 'unknown-include-path'],
    ['include=parent,', 'include', 'invalid-parameter'],
    ['fields[widgets]=name', 'fields[widgets]', 'unknown-type'],
    ['fields[nodes]=name,colour', 'fields[nodes]', 'unknown-field'],
    ['fields[tags]=name', 'fields[tags]', 'unknown-field'],
    ['fields[nodes]=name,', 'fields[nodes]', 'invalid-parameter'],
    ['page[size]=0', 'page[size]', 'invalid-page-size'],
    ['page[size]=-1', 'page[size]', 'invalid-page-size'],
    ['page[size]=ten', 'page[size]', 'invalid-page-size'],
    ['page[size]=2.5', 'page[size]', 'invalid-page-size'],
    ['page[after]=not-a-cursor', 'page[after]', 'invalid-cursor'],
    ['page[before]=bm9wZQ', 'page[before]', 'invalid-cursor'],
    ['page[after]=a&page[before]=b', 'page[before]', 'range-pagination-not-supported'],
    ['page[size]=1&page[size]=2', 'page[size]', 'repeated-parameter'],
    ['include=parent&include=children', 'include', 'repeated-parameter'],
    ['filter%5Blevel%5D=root&filter[level]=leaf', 'filter[level]', 'repeated-parameter'],
    ['%E0%A4%A=1', '%E0%A4%A', 'invalid-parameter'],
    ['filter[level]=%00', 'filter[level]', 'invalid-parameter'],
    ['filter[ids]=a%00b', 'filter[ids]', 'invalid-parameter'],
    ['sort=name%00', 'sort', 'invalid-parameter'],
    ['include=parent%00', 'include', 'invalid-parameter'],
    ['fields[nodes]=%00', 'fields[nodes]', 'invalid-parameter'],
    ['page[after]=%00', 'page[after]', 'invalid-parameter'],
    ['filter[le%00vel]=root', 'filter[le\0vel]', 'invalid-parameter'],
  ])('refuses %s naming %s', (raw, parameter, code) => {
    expect(problems(raw)).toEqual([
      expect.objectContaining({ status: '400', code, source: { parameter } }),
    ]);
  });

  it('answers a page size over the max with the profile error and meta.page.maxSize', () => {
    expect(problems('page[size]=101')).toEqual([
      {
        status: '400',
        code: 'max-page-size-exceeded',
        source: { parameter: 'page[size]' },
        detail: 'You requested a size of 101, but 100 is the maximum.',
        meta: { page: { maxSize: 100 } },
        links: {
          type: 'https://jsonapi.org/profiles/ethanresnick/cursor-pagination/max-size-exceeded',
        },
      },
    ]);
  });

  it('reports every problem, not only the first', () => {
    const found = problems(
      'foo=1&filter[level]=town&filter[colour]=red&sort=colour&include=cousins' +
        '&fields[widgets]=a&page[size]=1000',
    );
    expect(found.map(({ source }) => source)).toEqual([
      { parameter: 'foo' },
      { parameter: 'filter[level]' },
      { parameter: 'filter[colour]' },
      { parameter: 'sort' },
      { parameter: 'include' },
      { parameter: 'fields[widgets]' },
      { parameter: 'page[size]' },
    ]);
  });

  it('names the filter and the allowed values in the detail', () => {
    expect(problems('filter[level]=town')[0].detail).toBe(
      "filter[level]: expected one of root, branch, leaf; got 'town'",
    );
  });

  it('lets an endpoint restrict the families', () => {
    expect(problems('sort=name&include=parent', { parameters: ['include'] })).toEqual([
      expect.objectContaining({ code: 'unknown-parameter', source: { parameter: 'sort' } }),
    ]);
  });

  it('needs the related spec to accept fields of another type', () => {
    expect(problems('fields[tags]=label', {})[0]).toMatchObject({
      code: 'unknown-type',
      source: { parameter: 'fields[tags]' },
    });
  });

  describe('cursors', () => {
    const row = {
      id: 'n7',
      name: 'Seven',
      population: '1200',
      updatedAt: new Date('2024-01-02T03:04:05Z'),
    };

    it('decodes a cursor issued for the same sort', () => {
      const sort = parse('sort=-population').sort;
      const after = encodeCursor(sort, row);
      expect(parse(`sort=-population&page[after]=${after}`).page).toEqual({
        size: 20,
        after: { values: ['1200', 'n7'] },
      });
      const before = encodeCursor(parse('').sort, row);
      expect(parse(`page%5Bbefore%5D=${before}&page[size]=3`).page).toEqual({
        size: 3,
        before: { values: ['Seven', 'n7'] },
      });
    });

    it('refuses a cursor issued for another sort', () => {
      const cursor = encodeCursor(parse('sort=-population').sort, row);
      expect(problems(`sort=population&page[after]=${cursor}`)).toEqual([
        expect.objectContaining({ code: 'invalid-cursor', source: { parameter: 'page[after]' } }),
      ]);
      expect(problems(`page[after]=${cursor}`)[0].code).toBe('invalid-cursor');
    });

    it('refuses tampered cursors', () => {
      const sort = parse('sort=updatedAt').sort;
      const cursor = encodeCursor(sort, row);
      const forge = (values: unknown[]) =>
        Buffer.from(JSON.stringify(['updatedAt,id', ...values])).toString('base64url');
      expect(
        parse(`sort=updatedAt&page[after]=${forge(['2024-01-02T03:04:05.000Z', 'n7'])}`).page.after,
      ).toEqual({
        values: ['2024-01-02T03:04:05.000Z', 'n7'],
      });
      for (const tampered of [
        cursor.slice(0, -2),
        `${cursor}x`,
        cursor.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
        forge(['yesterday', 'n7']),
        forge(['2024-01-02T03:04:05.000Z', 7]),
        forge(['2024-01-02T03:04:05.000Z']),
        forge(['2024-01-02T03:04:05.000Z', 'n7', 'extra']),
        forge([{ $gt: '' }, 'n7']),
        forge([null, 'n7']),
        forge(['2024-01-02T03:04:05.000Z', 'n\u00007']),
        Buffer.from('{"not":"an array"}').toString('base64url'),
        'abc+/=',
      ]) {
        expect(problems(`sort=updatedAt&page[after]=${encodeURIComponent(tampered)}`)).toEqual([
          expect.objectContaining({ code: 'invalid-cursor' }),
        ]);
      }
    });

    it('checks numeric sort values', () => {
      const forge = (value: unknown) =>
        Buffer.from(JSON.stringify(['population,id', value, 'n1'])).toString('base64url');
      expect(parse(`sort=population&page[after]=${forge(42)}`).page.after?.values).toEqual([
        42,
        'n1',
      ]);
      expect(parse(`sort=population&page[after]=${forge('42.5')}`).page.after?.values).toEqual([
        '42.5',
        'n1',
      ]);
      expect(problems(`sort=population&page[after]=${forge('42; drop table')}`)[0].code).toBe(
        'invalid-cursor',
      );
    });

    it('reports a wrong sort, not the cursor, when both are wrong', () => {
      expect(problems('sort=colour&page[after]=xyz').map(({ code }) => code)).toEqual([
        'unknown-sort-field',
      ]);
    });
  });
});

describe('parseSingleResourceQuery', () => {
  it('accepts include and fields only', () => {
    expect(parseSingleResourceQuery('include=parent,ancestors&fields[nodes]=name', NODES)).toEqual({
      include: ['parent', 'ancestors'],
      fields: { nodes: ['name'] },
    });
    expect(() => parseSingleResourceQuery('filter[level]=root&page[size]=2', NODES)).toThrow(
      JsonApiErrorList,
    );
    try {
      parseSingleResourceQuery('filter[level]=root&page[size]=2', NODES);
    } catch (error) {
      expect((error as JsonApiErrorList).errors.map((e) => e.source)).toEqual([
        { parameter: 'filter[level]' },
        { parameter: 'page[size]' },
      ]);
    }
  });
});

describe('queryStringOf', () => {
  it('takes the part after the question mark', () => {
    expect(queryStringOf('/nodes?page%5Bsize%5D=2&sort=name')).toBe('page%5Bsize%5D=2&sort=name');
    expect(queryStringOf('/nodes')).toBe('');
  });
});
