import { Expression, RawBuilder, SelectQueryBuilder, sql } from 'kysely';
import { SortDirection, SortKey, keysetAfter, orderTerms } from './keyset';

/** One requested sort field of a read repository (the id tie-breaker is implied). */
export interface SortSpec<F extends string> {
  readonly field: F;
  readonly direction: SortDirection;
}

/** A keyset page request: the sort (the id is appended as tie-breaker), size and cursor values. */
export interface PageRequest<F extends string> {
  readonly sort: readonly SortSpec<F>[];
  readonly size: number;
  /** Values of the sort fields then the id, of the row the page starts after (or ends before). */
  readonly after?: readonly unknown[];
  readonly before?: readonly unknown[];
}

/** One page of rows, in the requested order, and whether pages follow or precede it. */
export interface Page<T> {
  readonly rows: T[];
  readonly hasNext: boolean;
  readonly hasPrev: boolean;
}

/**
 * What of a page request is bound into its SQL (see `CompiledQueryCache`): the cursor's values and
 * the limit, size + 1 rows to learn whether another page follows. The sort shapes the SQL instead.
 */
export interface PageValues {
  readonly after?: readonly unknown[];
  readonly before?: readonly unknown[];
  readonly limit: number;
}

/** The bound values of a page request. */
export function pageValues<F extends string>(request: PageRequest<F>): PageValues {
  return { after: request.after, before: request.before, limit: request.size + 1 };
}

/** A page request's sort as a string, for the shape of a compiled query. */
export function sortShape<F extends string>(sort: readonly SortSpec<F>[]): string {
  return sort.map((s) => `${s.field} ${s.direction}`).join(',');
}

/**
 * Applies a keyset page to a query: sort keys (the id last, in the last field's direction), the
 * cursor predicate and the limit. `expressionOf` maps a sort field to its non-null SQL expression.
 */
export function pagedQuery<DB, TB extends keyof DB, O, F extends string>(
  query: SelectQueryBuilder<DB, TB, O>,
  sort: readonly SortSpec<F>[],
  values: PageValues,
  expressionOf: (field: F) => Expression<unknown>,
  idExpression: Expression<unknown>,
): SelectQueryBuilder<DB, TB, O> {
  const keys: SortKey[] = [
    ...sort.map((s) => ({ expression: expressionOf(s.field), direction: s.direction })),
    { expression: idExpression, direction: sort.at(-1)?.direction ?? 'asc' },
  ];
  const backwards = values.before !== undefined;
  const cursor = values.before ?? values.after;
  let q = query;
  if (cursor) q = q.where((eb) => keysetAfter(eb, keys, cursor, backwards));
  for (const term of orderTerms(keys, backwards)) q = q.orderBy(term);
  return q.limit(values.limit);
}

/** The page of rows fetched by `pagedQuery` (up to size + 1), in the requested order. */
export function toPage<T, F extends string>(rows: T[], request: PageRequest<F>): Page<T> {
  const backwards = request.before !== undefined;
  const more = rows.length > request.size;
  const page = rows.slice(0, request.size);
  if (backwards) page.reverse();
  return {
    rows: page,
    hasNext: backwards ? true : more,
    hasPrev: backwards ? more : (request.before ?? request.after) !== undefined,
  };
}

/**
 * The count of a query's matches up to `limit` (give cap + 1: beyond the cap the count is cap + 1),
 * so a total stays cheap.
 */
export function countUpTo(
  query: SelectQueryBuilder<any, any, unknown>, // eslint-disable-line @typescript-eslint/no-explicit-any
  limit: number,
): RawBuilder<{ n: number }> {
  const limited = query
    .clearSelect()
    .clearOrderBy()
    .select(sql`1`.as('one'))
    .limit(limit);
  return sql<{ n: number }>`select count(*)::int as n from (${limited}) as matches`;
}
