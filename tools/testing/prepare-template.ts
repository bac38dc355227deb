import { Client } from 'pg';
import { dropDatabase, withDatabase } from '@waypost/shared/db';
import { TEST_SERVER_URL } from '@waypost/shared/testing';
import { migrateAll } from '../db/migrate';

/** Creates the named template database unless it already exists complete. */
async function main(template: string): Promise<void> {
  const url = withDatabase(TEST_SERVER_URL, template);
  const client = new Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    // Serialise concurrent test runs; the loser finds the template ready.
    await client.query('select pg_advisory_lock(hashtext($1))', [template]);
    const { rowCount } = await client.query(
      'select 1 from pg_database where datname = $1 and datallowconn and datistemplate',
      [template],
    );
    if (rowCount) return;
    await dropDatabase(url);
    await migrateAll(url);
    await client.query(`alter database "${template}" is_template true`);
  } finally {
    await client.end();
  }
}

main(process.argv[2] ?? 'waypost_test_template').catch((error) => {
  console.error(
    `could not prepare the test template database: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
});
