import { Kysely, Migration, sql } from 'kysely';

/**
 * Search by name, case- and accent-insensitive (`zurich` finds Zürich): `places.fold(name)` is
 * unaccent + lower, immutable (unaccent itself is only stable) so it can be indexed, with a btree
 * for exact and prefix matches and a trigram GIN for fuzzy ones.
 */
export const createPlaceSearch: Migration = {
  async up(db: Kysely<unknown>) {
    // unaccent ships with PostgreSQL (contrib), like pg_trgm.
    await sql`create extension if not exists unaccent with schema public`.execute(db);
    await sql`
      create function places.fold(text) returns text
      language sql immutable strict parallel safe
      return lower(public.unaccent('public.unaccent'::regdictionary, $1))`.execute(db);
    await sql`create index places_name_fold on places.places (places.fold(name) text_pattern_ops)`.execute(
      db,
    );
    await sql`create index places_name_fold_trgm on places.places using gin (places.fold(name) gin_trgm_ops)`.execute(
      db,
    );
    // lower(name) trigrams served the old search only (lower(name) equality, the gazetteer's, stays).
    await sql`drop index places.places_name_trgm`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`create index places_name_trgm on places.places using gin (lower(name) gin_trgm_ops)`.execute(
      db,
    );
    await sql`drop index places.places_name_fold_trgm`.execute(db);
    await sql`drop index places.places_name_fold`.execute(db);
    await sql`drop function places.fold(text)`.execute(db);
  },
};
