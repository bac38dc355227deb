import { Expression, Kysely, SelectQueryBuilder, sql } from 'kysely';
import { SortKey, keysetAfter, orderTerms } from '@waypost/shared/db';
import { Page, PageRequest } from './read.types';

/**
 * Applies a keyset page to a query: sort keys (the id last), the cursor predicate and
 * size + 1 rows to learn whether another page follows; rows come back in the requested order.
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

/** Counts matches up to a cap, so that a total is reported only where it is cheap. */
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
