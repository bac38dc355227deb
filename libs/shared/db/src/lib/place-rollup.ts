import {
  Expression,
  Kysely,
  Migration,
  RawBuilder,
  SelectQueryBuilder,
  SqlBool,
  sql,
} from 'kysely';
import { SortKey } from './keyset';
import { PageValues, SortSpec, pagedQuery } from './paging';

/**
 * A place roll-up: one row per (place, content row) for every place a content row is indexed at
 * (its `place_ids`: the direct places and their ancestors), with the content's sort keys copied,
 * and one btree `(place_id, <sort key>, id)` per sort the API offers. A page of a place's roll-up
 * is then an in-order index range read (limit size + 1), and its capped total an index-only scan
 * of at most cap + 1 entries, whatever the size of the place (docs/decisions/0005).
 */
export interface PlaceRollupSpec {
  /** The dataset's schema, e.g. `places`. */
  readonly schema: string;
  /** The content table, keyed by a text `id`, with a `text[]` of place ids. */
  readonly table: string;
  /** The roll-up table to create, e.g. `points_of_interest_by_place`. */
  readonly rollup: string;
  /** The content table's place ids column (default `place_ids`); each place in it once. */
  readonly placeIdsColumn?: string;
  /**
   * The sort keys, by roll-up column name: the SQL type and the expression over the content row
   * (a column name, or e.g. `coalesce(price, -1)`); it must be non-null, as keyset paging needs.
   * The first one is also how the triggers find a row's entries again.
   */
  readonly sortKeys: Readonly<Record<string, RollupColumn>>;
  /**
   * Columns every read filters by equality (e.g. the `kind` of a table holding two resource
   * types): copied like the sort keys and put after the place id in every index,
   * `(place_id, <partition keys>, <sort key>, id)`.
   */
  readonly partitionKeys?: Readonly<Record<string, RollupColumn>>;
}

/** A column of a roll-up table: its SQL type and the non-null expression over the content row. */
export interface RollupColumn {
  readonly type: string;
  readonly from: string;
}

/**
 * The migration that creates a place roll-up table, its indexes, the statement-level triggers
 * that keep it in step with the content table (insert, update of the place ids or a sort key,
 * delete; one statement per batch, through transition tables; truncate) and fills it from
 * existing rows.
 */
export function placeRollupMigration(spec: PlaceRollupSpec): Migration {
  const sortKeys = Object.entries(spec.sortKeys);
  if (sortKeys.length === 0) throw new Error('a place roll-up needs at least one sort key');
  const partition = Object.entries(spec.partitionKeys ?? {});
  const keys = [...partition, ...sortKeys];
  const prefix = partition.map(([name]) => `${name}, `).join('');
  // The entries of a content row `c`, as the first sort index finds them.
  const entriesOf = [...partition, sortKeys[0]!]
    .map(([name, k]) => ` and r.${name} = ${prefixed('c', k.from)}`)
    .join('');
  const placeIds = spec.placeIdsColumn ?? 'place_ids';
  const table = sql.id(spec.schema, spec.table);
  const rollup = sql.id(spec.schema, spec.rollup);
  const fn = (suffix: string) => sql.id(spec.schema, `${spec.rollup}_${suffix}`);
  const keyColumns = sql.raw(keys.map(([name]) => name).join(', '));
  // Roll-up rows of the content rows in `source` (a table or subquery): one per place id. No
  // `distinct`: the syncs write each place once, and a sort of every entry of a big statement (a
  // COPY, the backfill) spilled to disk.
  const rowsOf = (source: string) =>
    sql.raw(
      `select p.place_id, c.id, ${keys.map(([name, k]) => `${prefixed('c', k.from)} as ${name}`).join(', ')}
       from ${source} c cross join lateral unnest(c.${placeIds}) as p (place_id)`,
    );
  const changed = [placeIds, ...keys.map(([, k]) => k.from)]
    .map((e) => `(${prefixed('o', e)}) is distinct from (${prefixed('n', e)})`)
    .join(' or ');

  return {
    async up(db: Kysely<unknown>) {
      await sql`
        create table ${rollup} (
          place_id text not null,
          id text not null,
          ${sql.join(keys.map(([name, k]) => sql`${sql.id(name)} ${sql.raw(k.type)} not null`))}
        )`.execute(db);
      // Filled before its indexes are built: one sort per index instead of an insert per entry.
      await sql`insert into ${rollup} (place_id, id, ${keyColumns}) ${rowsOf(`${spec.schema}.${spec.table}`)}`.execute(
        db,
      );
      for (const [name] of sortKeys) {
        await sql`create index ${sql.id(`${spec.rollup}_${name}_idx`)}
          on ${rollup} (place_id, ${sql.raw(prefix)}${sql.id(name)}, id)`.execute(db);
      }
      await sql`
        create function ${fn('insert')}() returns trigger language plpgsql as $$
        begin
          insert into ${rollup} (place_id, id, ${keyColumns}) ${rowsOf('new_rows')};
          return null;
        end $$`.execute(db);
      // Changed rows only: their old entries out (found by the first sort key's index), new in.
      await sql`
        create function ${fn('update')}() returns trigger language plpgsql as $$
        begin
          delete from ${rollup} r
          using (select o.* from old_rows o join new_rows n on n.id = o.id where ${sql.raw(changed)}) c
          where r.place_id = any(c.${sql.raw(placeIds)})${sql.raw(entriesOf)} and r.id = c.id;
          insert into ${rollup} (place_id, id, ${keyColumns})
          ${rowsOf(`(select n.* from new_rows n join old_rows o on o.id = n.id where ${changed})`)};
          return null;
        end $$`.execute(db);
      await sql`
        create function ${fn('delete')}() returns trigger language plpgsql as $$
        begin
          delete from ${rollup} r using old_rows c
          where r.place_id = any(c.${sql.raw(placeIds)})${sql.raw(entriesOf)} and r.id = c.id;
          return null;
        end $$`.execute(db);
      // TRUNCATE fires no delete trigger: it empties the roll-up as well.
      await sql`
        create function ${fn('truncate')}() returns trigger language plpgsql as $$
        begin
          truncate ${rollup};
          return null;
        end $$`.execute(db);
      const trigger = (event: string, transition: string) =>
        sql`create trigger ${sql.id(`${spec.rollup}_${event}`)} after ${sql.raw(event)} on ${table}
          ${sql.raw(transition)} for each statement
          execute function ${fn(event)}()`.execute(db);
      await trigger('insert', 'referencing new table as new_rows');
      await trigger('update', 'referencing old table as old_rows new table as new_rows');
      await trigger('delete', 'referencing old table as old_rows');
      await trigger('truncate', '');
    },
    async down(db: Kysely<unknown>) {
      for (const event of ['insert', 'update', 'delete', 'truncate']) {
        await sql`drop trigger ${sql.id(`${spec.rollup}_${event}`)} on ${table}`.execute(db);
        await sql`drop function ${fn(event)}()`.execute(db);
      }
      await sql`drop table ${rollup}`.execute(db);
    },
  };
}

/** `expression` with its bare column names qualified by `alias` (function names left alone). */
function prefixed(alias: string, expression: string): string {
  return expression.replace(/\b([a-z_][a-z0-9_]*)\b(?!\s*\()/g, (word) =>
    SQL_WORDS.has(word) ? word : `${alias}.${word}`,
  );
}

const SQL_WORDS = new Set(['null', 'true', 'false', 'and', 'or', 'not', 'as', 'text', 'numeric']);

/**
 * The keyset bound as one row comparison, `(k1, k2, id) > (v1, v2, v3)`, when every key runs in
 * the same direction: the form a btree range scan starts from (the OR-expanded `keysetAfter` is
 * the exact predicate but only a filter). Undefined for mixed directions.
 */
export function keysetRowBound(
  keys: readonly SortKey[],
  values: readonly unknown[],
  reverse = false,
): Expression<SqlBool> | undefined {
  const direction = keys[0]?.direction;
  if (!direction || keys.some((k) => k.direction !== direction)) return undefined;
  const ascending = (direction === 'asc') !== reverse;
  const left = sql.join(keys.map((k) => k.expression));
  const right = sql.join(values.map((v) => sql`${v}`));
  return ascending ? sql<SqlBool>`(${left}) > (${right})` : sql<SqlBool>`(${left}) < (${right})`;
}

/**
 * The capped count of a place's roll-up (within a partition: `{ kind: 'news' }`): an index-only
 * scan of at most `limit` entries of `sortKey`'s index (give cap + 1; see `countUpTo`). In that
 * index's order, so that even before a vacuum has set the visibility map (after a big load) the
 * planner cannot prefer a bitmap of every entry of a large place.
 */
export function placeRollupCount(
  schema: string,
  rollup: string,
  sortKey: string,
  placeId: string,
  limit: number,
  partition: Readonly<Record<string, unknown>> = {},
): RawBuilder<{ n: number }> {
  const equal = Object.entries(partition).map(
    ([name, value]) => sql` and ${sql.id(name)} = ${value}`,
  );
  return sql<{ n: number }>`select count(*)::int as n from (
    select 1 from ${sql.id(schema, rollup)} where place_id = ${placeId}${sql.join(equal, sql``)}
    order by ${sql.id(sortKey)}, id limit ${limit}) as matches`;
}

/**
 * `pagedQuery` plus the cursor as a row comparison (`keysetRowBound`) where the sort allows it, so
 * a page deep into a place's roll-up starts its index scan at the cursor instead of filtering
 * every earlier entry. Same keys as `pagedQuery`: the sort, then the id in the last direction.
 */
export function rangedPagedQuery<DB, TB extends keyof DB, O, F extends string>(
  query: SelectQueryBuilder<DB, TB, O>,
  sort: readonly SortSpec<F>[],
  values: PageValues,
  expressionOf: (field: F) => Expression<unknown>,
  idExpression: Expression<unknown>,
): SelectQueryBuilder<DB, TB, O> {
  const cursor = values.before ?? values.after;
  const keys: SortKey[] = [
    ...sort.map((s) => ({ expression: expressionOf(s.field), direction: s.direction })),
    { expression: idExpression, direction: sort.at(-1)?.direction ?? 'asc' },
  ];
  const bound = cursor && keysetRowBound(keys, cursor, values.before !== undefined);
  const ranged = bound ? query.where(() => bound) : query;
  return pagedQuery(ranged, sort, values, expressionOf, idExpression);
}
