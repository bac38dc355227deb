import { Expression, ExpressionBuilder, SqlBool, sql } from 'kysely';

export type SortDirection = 'asc' | 'desc';

/** One key of a total order: a non-null SQL expression and its direction. */
export interface SortKey {
  readonly expression: Expression<unknown>;
  readonly direction: SortDirection;
}

/**
 * The keyset predicate "row comes after `values` in this order":
 * (k1 > v1) or (k1 = v1 and k2 > v2) or ... with > flipped to < for descending keys.
 * `reverse` gives "comes before", for page[before].
 */
export function keysetAfter<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  keys: readonly SortKey[],
  values: readonly unknown[],
  reverse = false,
): Expression<SqlBool> {
  if (keys.length !== values.length) throw new Error('a keyset needs one value per sort key');
  const alternatives = keys.map((key, i) => {
    const ascending = (key.direction === 'asc') !== reverse;
    const equalities = keys.slice(0, i).map((k, j) => sql<SqlBool>`${k.expression} = ${values[j]}`);
    const step = ascending
      ? sql<SqlBool>`${key.expression} > ${values[i]}`
      : sql<SqlBool>`${key.expression} < ${values[i]}`;
    return eb.and([...equalities, step]);
  });
  return eb.or(alternatives);
}

/** ORDER BY terms for the keys, flipped for a backwards (page[before]) fetch. */
export function orderTerms(keys: readonly SortKey[], reverse = false) {
  return keys.map(
    (k) => sql`${k.expression} ${sql.raw((k.direction === 'asc') !== reverse ? 'asc' : 'desc')}`,
  );
}
