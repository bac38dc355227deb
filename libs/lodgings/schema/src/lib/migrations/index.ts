import { SchemaMigrations, syncTablesMigration } from '@waypost/shared/db';
import { LODGINGS_SCHEMA } from '../tables';
import { createLodgings } from './202612041536_lodgings';

export const LODGINGS_MIGRATIONS: SchemaMigrations = {
  schema: LODGINGS_SCHEMA,
  migrations: {
    '202612041535_sync_tables': syncTablesMigration(LODGINGS_SCHEMA),
    '202612041536_lodgings': createLodgings,
  },
};
