import { Kysely, Migration, sql } from 'kysely';
import { placeRollupMigration } from '@waypost/shared/db';

/** Sort keys stand in for missing values so that keyset paging has non-null keys; unknowns last. */
export const TOUR_SORT_FALLBACK = { price: 999_999_999, rating: 0, duration: 2_147_483_647 };

/** The roll-up by place, one index per sort the API offers (docs/decisions/0005). */
const rollup = placeRollupMigration({
  schema: 'tours',
  table: 'tours',
  rollup: 'tours_by_place',
  sortKeys: {
    name: { type: 'text', from: 'title' },
    price: { type: 'numeric', from: `coalesce(price_amount, ${TOUR_SORT_FALLBACK.price})` },
    rating: { type: 'numeric', from: `coalesce(rating_average, ${TOUR_SORT_FALLBACK.rating})` },
    duration: {
      type: 'integer',
      from: `coalesce(duration_minutes, ${TOUR_SORT_FALLBACK.duration})`,
    },
  },
});

export const createTours: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table tours.tours (
        id text primary key,
        source text not null,
        source_id text not null,
        operator text not null,
        title text not null,
        description text,
        duration_minutes integer check (duration_minutes > 0),
        price_amount numeric(12, 2) check (price_amount >= 0),
        price_currency char(3),
        rating_average numeric(3, 2) check (rating_average between 0 and 5),
        rating_count integer not null default 0,
        images jsonb not null default '[]',
        booking_url text,
        departures jsonb not null default '[]',
        departure_dates date[] not null default '{}',
        start_place_id text,
        direct_place_ids text[] not null default '{}',
        place_ids text[] not null default '{}',
        source_updated_at timestamptz not null,
        content_hash text not null,
        synced_at timestamptz not null default now(),
        unique (source, source_id),
        check ((price_amount is null) = (price_currency is null))
      )`.execute(db);
    // The place index: roll-ups (`filter[place]`) read the roll-up table in order; direct matches
    // use the GIN index on the visited places.
    await rollup.up(db);
    await sql`create index tours_direct_place_ids_gin on tours.tours using gin (direct_place_ids)`.execute(
      db,
    );
    await sql`create index tours_departure_dates_gin on tours.tours using gin (departure_dates)`.execute(
      db,
    );
    await sql`create index tours_title_idx on tours.tours (title, id)`.execute(db);
    // Viator's destinations as mapped onto our places at the last sync (null: maps to nothing).
    await sql`
      create table tours.viator_destinations (
        destination_id integer primary key,
        name text not null,
        type text not null,
        lookup_id text not null,
        latitude double precision,
        longitude double precision,
        place_id text,
        mapped_by text,
        mapped_at timestamptz not null default now()
      )`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table tours.viator_destinations`.execute(db);
    await rollup.down!(db);
    await sql`drop table tours.tours`.execute(db);
  },
};
