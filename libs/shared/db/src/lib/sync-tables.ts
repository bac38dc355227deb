import { ColumnType, Generated, Kysely, Migration, sql } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** Bookkeeping every dataset's sync keeps in its own schema (architecture.md, "Sync workers"). */
export interface SyncRunsTable {
  id: Generated<number>;
  source: string;
  trigger: string;
  stage: string;
  status: string;
  startedAt: Generated<Timestamp>;
  heartbeatAt: Generated<Timestamp>;
  finishedAt: Timestamp | null;
  counts: Json<Record<string, number>>;
  error: string | null;
}

export interface SyncWatermarksTable {
  source: string;
  watermark: Json<unknown>;
  updatedAt: Generated<Timestamp>;
}

export interface DeadLettersTable {
  id: Generated<number>;
  source: string;
  sourceId: string | null;
  runId: number | null;
  reason: string;
  payload: Json<unknown>;
  createdAt: Generated<Timestamp>;
}

/** The tables as kysely sees them, keyed `schema.table` for a dataset schema. */
export type SyncTables<S extends string> = {
  [K in `${S}.syncRuns`]: SyncRunsTable;
} & { [K in `${S}.syncWatermarks`]: SyncWatermarksTable } & {
  [K in `${S}.deadLetters`]: DeadLettersTable;
};

/** A migration creating the sync bookkeeping tables in `schema`. */
export function syncTablesMigration(schema: string): Migration {
  const s = (table: string) => sql.table(`${schema}.${table}`);
  return {
    async up(db: Kysely<unknown>) {
      await sql`
        create table ${s('sync_runs')} (
          id bigserial primary key,
          source text not null,
          trigger text not null,
          stage text not null,
          status text not null check (status in ('running', 'succeeded', 'failed', 'abandoned')),
          started_at timestamptz not null default now(),
          heartbeat_at timestamptz not null default now(),
          finished_at timestamptz,
          counts jsonb not null default '{}',
          error text
        )`.execute(db);
      await sql`create index on ${s('sync_runs')} (source, started_at desc)`.execute(db);
      await sql`
        create table ${s('sync_watermarks')} (
          source text primary key,
          watermark jsonb not null,
          updated_at timestamptz not null default now()
        )`.execute(db);
      await sql`
        create table ${s('dead_letters')} (
          id bigserial primary key,
          source text not null,
          source_id text,
          run_id bigint,
          reason text not null,
          payload jsonb not null,
          created_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index on ${s('dead_letters')} (source, created_at desc)`.execute(db);
      await sql`create unique index on ${s('dead_letters')} (source, source_id, reason)`.execute(
        db,
      );
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table ${s('dead_letters')}, ${s('sync_watermarks')}, ${s('sync_runs')}`.execute(
        db,
      );
    },
  };
}
