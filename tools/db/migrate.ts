import { Kysely } from 'kysely';
import {
  createDatabase,
  createDatabaseIfMissing,
  ensureExtensions,
  migrateToLatest,
} from '@waypost/shared/db';
import { ALL_MIGRATIONS } from './all-migrations';

/** Creates the database if needed, the extensions and every dataset's schema; returns what was applied. */
export async function migrateAll(url: string): Promise<string[]> {
  await createDatabaseIfMissing(url);
  const db = createDatabase<unknown>({
    url,
    maxConnections: 1,
    applicationName: 'waypost-migrate',
  });
  try {
    await ensureExtensions(db as Kysely<unknown>);
    const applied: string[] = [];
    for (const target of ALL_MIGRATIONS) applied.push(...(await migrateToLatest(db, target)));
    return applied;
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  const url = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/waypost';
  migrateAll(url).then(
    (applied) =>
      console.log(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date'),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
