import { SchemaMigrations, syncTablesMigration } from '@waypost/shared/db';
import { BOOKS_SCHEMA } from '../tables';
import { createBooks } from './202612041537_books';

export const BOOKS_MIGRATIONS: SchemaMigrations = {
  schema: BOOKS_SCHEMA,
  migrations: {
    '202612041536_sync_tables': syncTablesMigration(BOOKS_SCHEMA),
    '202612041537_books': createBooks,
  },
};
