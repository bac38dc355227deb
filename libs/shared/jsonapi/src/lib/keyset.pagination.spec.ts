import {
  Keyset,
  ParsedQuery,
  encodeCursor,
  keysetFor,
  parseJsonApiQuery,
  slicePage,
} from '../index';
import { NODES } from '../test/example.resources';

interface Node {
  id: string;
  name: string;
  population: number;
}

// Ties on population and on name, so only the id makes the order total.
const NODES_DATA: Node[] = Array.from({ length: 23 }, (_, i) => ({
  id: `n${String(i).padStart(2, '0')}`,
  name: ['Alpha', 'Beta', 'Gamma'][i % 3],
  population: (i * 7) % 5,
}));

function compare(a: Node, b: Node, keyset: Keyset): number {
  for (const { field, direction } of keyset.sort) {
    const x = a[field as keyof Node];
    const y = b[field as keyof Node];
    if (x !== y)
      return (x < y ? -1 : 1) * (direction === 'asc' ? 1 : -1) * (keyset.reverse ? -1 : 1);
  }
  return 0;
}

/** What a service's SQL does with a keyset: the same semantics, over an array. */
function fetchPage(query: ParsedQuery): Node[] {
  const keyset = keysetFor(query);
  const position = Object.fromEntries(
    keyset.terms.map(({ field, value }) => [field, value]),
  ) as unknown as Node;
  return [...NODES_DATA]
    .sort((a, b) => compare(a, b, keyset))
    .filter((row) => keyset.terms.length === 0 || compare(row, position, keyset) > 0)
    .slice(0, keyset.limit);
}

function page(raw: string) {
  const query = parseJsonApiQuery(raw, NODES);
  return slicePage(fetchPage(query), query);
}

describe('keysetFor', () => {
  it('describes the first page without terms', () => {
    expect(keysetFor(parseJsonApiQuery('page[size]=5', NODES))).toEqual({
      sort: [
        { field: 'name', direction: 'asc' },
        { field: 'id', direction: 'asc' },
      ],
      terms: [],
      reverse: false,
      limit: 6,
    });
  });

  it('pairs every sort field with the cursor value', () => {
    const sort = parseJsonApiQuery('sort=-population', NODES).sort;
    const cursor = encodeCursor(sort, { id: 'n03', population: 1 });
    expect(keysetFor(parseJsonApiQuery(`sort=-population&page[before]=${cursor}`, NODES))).toEqual({
      sort,
      terms: [
        { field: 'population', direction: 'desc', value: 1 },
        { field: 'id', direction: 'asc', value: 'n03' },
      ],
      reverse: true,
      limit: 21,
    });
  });
});

describe('slicePage', () => {
  it.each(['', 'sort=-population', 'sort=population,-name'])(
    'walks every row once, forwards and back (%s)',
    (sort) => {
      const expected = [...NODES_DATA].sort((a, b) =>
        compare(a, b, keysetFor(parseJsonApiQuery(sort, NODES))),
      );
      const forwards: Node[] = [];
      let current = page(`${sort}&page[size]=4`);
      expect(current.page.prev).toBeNull();
      forwards.push(...current.rows);
      while (current.page.next) {
        current = page(`${sort}&page[size]=4&page[after]=${current.page.next}`);
        forwards.push(...current.rows);
      }
      expect(forwards).toEqual(expected);

      const backwards: Node[] = [];
      backwards.unshift(...current.rows);
      while (current.page.prev) {
        current = page(`${sort}&page[size]=4&page[before]=${current.page.prev}`);
        backwards.unshift(...current.rows);
      }
      expect(backwards).toEqual(expected);
    },
  );

  it('gives null cursors where no page exists', () => {
    const all = page('page[size]=100');
    expect(all.rows).toHaveLength(23);
    expect(all.page).toEqual({ next: null, prev: null });
    const last = all.rows[22];
    const afterLast = page(`page[after]=${encodeCursor(parseJsonApiQuery('', NODES).sort, last)}`);
    expect(afterLast).toEqual({ rows: [], page: { next: null, prev: null } });
  });

  it('refuses to make a cursor from a row without the sort value', () => {
    const query = parseJsonApiQuery('page[size]=1', NODES);
    expect(() =>
      slicePage(
        [
          { id: 'x', name: null },
          { id: 'y', name: 'b' },
        ],
        query,
      ),
    ).toThrow(/sort field 'name'/);
  });
});
