import { SchemaMigrations } from '@waypost/shared/db';
import { PLACES_MIGRATIONS } from '@waypost/places/schema';
import { GATEWAY_MIGRATIONS } from '@waypost/gateway/keys';
import { ARTICLES_MIGRATIONS } from '@waypost/articles/schema';
import { LODGINGS_MIGRATIONS } from '@waypost/lodgings/schema';
import { TOURS_MIGRATIONS } from '@waypost/tours/schema';
import { BOOKS_MIGRATIONS } from '@waypost/books/schema';

/** Every dataset's migrations, in the order they are applied. The dataset generator appends here. */
export const ALL_MIGRATIONS: readonly SchemaMigrations[] = [
  PLACES_MIGRATIONS,
  ARTICLES_MIGRATIONS,
  GATEWAY_MIGRATIONS,
  LODGINGS_MIGRATIONS,
  TOURS_MIGRATIONS,
  BOOKS_MIGRATIONS,
];
