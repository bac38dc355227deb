import { randomBytes } from 'node:crypto';
import { Kysely } from 'kysely';
import {
  createDatabase,
  createDatabaseIfMissing,
  dropDatabase,
  withDatabase,
} from '@waypost/shared/db';

/** The server tests run against; each suite gets its own throw-away database on it. */
export const TEST_SERVER_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface TestDatabase<DB> {
  readonly url: string;
  readonly db: Kysely<DB>;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template (or empty, for source stand-ins). */
export async function createTestDatabase<DB>(
  options: { empty?: boolean } = {},
): Promise<TestDatabase<DB>> {
  const url = withDatabase(TEST_SERVER_URL, `waypost_test_${randomBytes(5).toString('hex')}`);
  const template = process.env['WAYPOST_TEST_TEMPLATE'];
  if (!options.empty && !template)
    throw new Error('WAYPOST_TEST_TEMPLATE is unset: run tests through jest (its global setup)');
  await createDatabaseIfMissing(url, options.empty ? undefined : template);
  const db = createDatabase<DB>({ url, maxConnections: 4, applicationName: 'waypost-test' });
  return {
    url,
    db,
    async drop() {
      await db.destroy();
      await dropDatabase(url);
    },
  };
}

/** A key prefix unique to one suite, so that suites sharing a Redis never see each other's queues. */
export function uniqueRedisPrefix(label: string): string {
  return `test-${label}-${randomBytes(4).toString('hex')}`;
}
