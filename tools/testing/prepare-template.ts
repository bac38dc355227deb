import { dropDatabase, withDatabase } from '@waypost/shared/db';
import { TEMPLATE_DATABASE, TEST_SERVER_URL } from '@waypost/shared/testing';
import { migrateAll } from '../db/migrate';

async function main(): Promise<void> {
  const url = withDatabase(TEST_SERVER_URL, TEMPLATE_DATABASE);
  await dropDatabase(url);
  await migrateAll(url);
}

main().catch((error) => {
  console.error(
    `could not prepare the test template database: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
});
