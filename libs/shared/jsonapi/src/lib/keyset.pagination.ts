import { encodeCursor } from './cursor.codec';
import { CursorValue, ParsedQuery, SortDirection, SortField } from './query.types';

/** One sort key and the cursor's value for it. */
export interface KeysetTerm {
  readonly field: string;
  readonly direction: SortDirection;
  readonly value: CursorValue;
}

/**
 * What the SQL of one page needs. Fetch rows that come strictly after `terms` in the sort order
 * (`(a > v1) or (a = v1 and b > v2) ...`, `<` for descending keys, every direction flipped when
 * `reverse`), order by the sort (flipped when `reverse`), and take `limit` rows; then hand them to
 * `slicePage`. With `@waypost/shared/db`: `keysetAfter(eb, keys, terms.map(t => t.value), reverse)`
 * and `orderTerms(keys, reverse)`.
 */
export interface Keyset {
  /** The parsed sort, id last, in its requested directions. */
  readonly sort: readonly SortField[];
  /** Empty on the first page (no cursor): no keyset predicate then. */
  readonly terms: readonly KeysetTerm[];
  /** True for `page[before]`: fetch backwards from the cursor. */
  readonly reverse: boolean;
  /** Page size + 1: the extra row tells whether another page follows. */
  readonly limit: number;
}

/** The cursors for the `next` and `prev` links (null: no such page). */
export interface PageCursors {
  readonly next: string | null;
  readonly prev: string | null;
}

/** The keyset description of a parsed query's page. */
export function keysetFor(query: Pick<ParsedQuery, 'sort' | 'page'>): Keyset {
  const { sort, page } = query;
  const cursor = page.after ?? page.before;
  const terms = cursor
    ? sort.map(({ field, direction }, i) => ({ field, direction, value: cursor.values[i] }))
    : [];
  return { sort, terms, reverse: page.before !== undefined, limit: page.size + 1 };
}

/**
 * The page's rows in sort order and its cursors, from the rows fetched as `keysetFor` describes
 * (up to `limit`, backwards for `page[before]`). `next` is null when no row follows (or, paging
 * backwards, when the page is empty); `prev` likewise.
 */
export function slicePage<R extends object>(
  fetched: readonly R[],
  query: Pick<ParsedQuery, 'sort' | 'page'>,
): { rows: R[]; page: PageCursors } {
  const { sort, page } = query;
  const more = fetched.length > page.size;
  const rows = fetched.slice(0, page.size);
  if (page.before) rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const cursorOf = (row: R | undefined) => (row ? encodeCursor(sort, row) : null);
  if (page.before)
    return { rows, page: { next: cursorOf(last), prev: more ? cursorOf(first) : null } };
  return {
    rows,
    page: { next: more ? cursorOf(last) : null, prev: page.after ? cursorOf(first) : null },
  };
}
