import { SchemaMigrations, syncTablesMigration } from '@waypost/shared/db';
import { TOURS_SCHEMA } from '../tables';
import { createTours } from './202612041536_tours';

export const TOURS_MIGRATIONS: SchemaMigrations = {
  schema: TOURS_SCHEMA,
  migrations: {
    '202612041535_sync_tables': syncTablesMigration(TOURS_SCHEMA),
    '202612041536_tours': createTours,
  },
};
