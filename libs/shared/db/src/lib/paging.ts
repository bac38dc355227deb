import { Expression, Kysely, SelectQueryBuilder, sql } from 'kysely';
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
 * Applies a keyset page to a query: sort keys (the id last, in the last field's direction), the
 * cursor predicate and size + 1 rows to learn whether another page follows; rows come back in the
 * requested order. `expressionOf` maps a sort field to its non-null SQL expression.
 */
export async function fetchPage<DB, TB extends keyof DB, O, F extends string>(
  query: SelectQueryBuilder<DB, TB, O>,
  request: PageRequest<F>,
  expressionOf: (field: F) => Expression<unknown>,
  idExpression: Expression<unknown>,
): Promise<Page<O>> {
  const keys: SortKey[] = [
    ...request.sort.map((s) => ({ expression: expressionOf(s.field), direction: s.direction })),
    { expression: idExpression, direction: request.sort.at(-1)?.direction ?? 'asc' },
  ];
  const backwards = request.before !== undefined;
  const cursor = request.before ?? request.after;
  let q = query;
  if (cursor) q = q.where((eb) => keysetAfter(eb, keys, cursor, backwards));
  for (const term of orderTerms(keys, backwards)) q = q.orderBy(term);
  const rows = await q.limit(request.size + 1).execute();
  const more = rows.length > request.size;
  const page = rows.slice(0, request.size);
  if (backwards) page.reverse();
  return {
    rows: page,
    hasNext: backwards ? true : more,
    hasPrev: backwards ? more : cursor !== undefined,
  };
}

/** Counts a query's matches up to a cap (returns `cap + 1` beyond it), so a total stays cheap. */
export async function cappedCount(
  db: Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  query: SelectQueryBuilder<any, any, unknown>, // eslint-disable-line @typescript-eslint/no-explicit-any
  cap: number,
): Promise<number> {
  const limited = query
    .clearSelect()
    .clearOrderBy()
    .select(sql`1`.as('one'))
    .limit(cap + 1);
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from (${limited}) as matches`.execute(db);
  return rows[0]?.n ?? 0;
}
