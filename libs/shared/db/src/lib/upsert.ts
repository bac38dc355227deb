import { Kysely, sql } from 'kysely';

export interface UpsertCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface UpsertOptions<Row> {
  /** The columns of the unique key a row is matched on, e.g. `['source', 'sourceId']`. */
  readonly key: readonly (keyof Row & string)[];
  /** The column whose change means the row changed; rows with the same value are not rewritten. */
  readonly hash: keyof Row & string;
  /** A column the database stamps with `now()` on every insert and rewrite. */
  readonly stamp?: string;
}

/**
 * The write repositories' one upsert idiom (house style 8): insert, or on a key conflict rewrite
 * every other column only where the content hash changed, in one statement; counts what it did.
 * Rows must all have the same columns (camelCase, as the CamelCasePlugin maps them).
 */
export async function upsertChanged<Row extends object>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema's table
  trx: Kysely<any>,
  table: string,
  rows: readonly Row[],
  options: UpsertOptions<Row>,
): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const columns = Object.keys(rows[0]!).filter(
    (c) => !options.key.includes(c as keyof Row & string),
  );
  const written: { inserted: boolean }[] = await trx
    .insertInto(table)
    .values(rows.map((row) => ({ ...row })))
    .onConflict((oc) =>
      oc
        .columns([...options.key])
        .doUpdateSet((eb) => ({
          ...Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}`)])),
          ...(options.stamp ? { [options.stamp]: sql`now()` } : {}),
        }))
        .where(`${table}.${options.hash}`, '<>', (eb) => eb.ref(`excluded.${options.hash}`)),
    )
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .execute();
  const inserted = written.filter((w) => w.inserted).length;
  return { inserted, updated: written.length - inserted, unchanged: rows.length - written.length };
}

/** Deletes a source's rows with these source ids (the upsert's key); returns how many went. */
export async function deleteBySourceIds(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema's table
  trx: Kysely<any>,
  table: string,
  source: string,
  sourceIds: readonly string[],
): Promise<number> {
  if (sourceIds.length === 0) return 0;
  const result = await trx
    .deleteFrom(table)
    .where('source', '=', source)
    .where('sourceId', 'in', [...sourceIds])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
