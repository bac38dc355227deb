import { SchemaMigrations } from '@waypost/shared/db';
import { PLACES_MIGRATIONS } from '@waypost/places/schema';
import { GATEWAY_MIGRATIONS } from '@waypost/gateway/keys';
import { ARTICLES_MIGRATIONS } from '@waypost/articles/schema';

/** Every dataset's migrations, in the order they are applied. The dataset generator appends here. */
export const ALL_MIGRATIONS: readonly SchemaMigrations[] = [
  PLACES_MIGRATIONS,
  ARTICLES_MIGRATIONS,
  GATEWAY_MIGRATIONS,
];
