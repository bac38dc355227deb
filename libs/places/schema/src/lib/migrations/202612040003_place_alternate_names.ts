import { Kysely, Migration, sql } from 'kysely';

/**
 * Alternate names of a place (other languages, English exonyms: Munich for München, Cologne for
 * Köln) where the source has them; search matches them exactly, case- and accent-insensitive,
 * through a GIN index of their folded forms.
 */
export const addPlaceAlternateNames: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create function places.fold_all(text[]) returns text[]
      language sql immutable strict parallel safe
      return array(select places.fold(n) from unnest($1) as n)`.execute(db);
    await sql`alter table places.places add column alternate_names text[] not null default '{}'`.execute(
      db,
    );
    await sql`create index places_alternate_names_fold on places.places using gin (places.fold_all(alternate_names))`.execute(
      db,
    );
  },
  async down(db: Kysely<unknown>) {
    await sql`drop index places.places_alternate_names_fold`.execute(db);
    await sql`alter table places.places drop column alternate_names`.execute(db);
    await sql`drop function places.fold_all(text[])`.execute(db);
  },
};
