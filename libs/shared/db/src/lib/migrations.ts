import { Kysely, Migration, MigrationProvider, Migrator, sql } from 'kysely';

/** A dataset's migrations: timestamped names (YYYYMMDDHHmm_title) to explicit up/down. */
export interface SchemaMigrations {
  readonly schema: string;
  readonly migrations: Readonly<Record<string, Migration>>;
}

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Readonly<Record<string, Migration>>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return { ...this.migrations };
  }
}

export class MigrationError extends Error {}

/**
 * Migrates one schema to its latest version under a PostgreSQL advisory lock, so that
 * concurrent migrators (two replicas of a job) run one after the other, never interleaved.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  target: SchemaMigrations,
): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    const lockKey = `waypost:migrate:${target.schema}`;
    await sql`select pg_advisory_lock(hashtext(${lockKey}))`.execute(conn);
    try {
      await sql`create schema if not exists ${sql.id(target.schema)}`.execute(conn);
      const migrator = new Migrator({
        db: conn,
        provider: new StaticMigrationProvider(target.migrations),
        migrationTableSchema: target.schema,
      });
      const { error, results = [] } = await migrator.migrateToLatest();
      if (error) {
        const failed = results.find((r) => r.status === 'Error');
        throw new MigrationError(
          `migration ${target.schema}/${failed?.migrationName ?? '?'} failed: ${(error as Error).message}`,
        );
      }
      return results
        .filter((r) => r.status === 'Success')
        .map((r) => `${target.schema}/${r.migrationName}`);
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${lockKey}))`.execute(conn);
    }
  });
}

/** Creates the PostgreSQL extensions every dataset relies on (idempotent, needs PostGIS installed). */
export async function ensureExtensions(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists postgis`.execute(db);
  await sql`create extension if not exists pg_trgm`.execute(db);
}
