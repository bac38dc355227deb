import { Kysely, Migration, sql } from 'kysely';
import { placeRollupMigration } from '@waypost/shared/db';
import { UNPRICED_SORT_KEY, UNRATED_SORT_KEY } from '../tables';

/** The roll-up by place, one index per sort but distance (docs/decisions/0005). */
const rollup = placeRollupMigration({
  schema: 'lodgings',
  table: 'lodgings',
  rollup: 'lodgings_by_place',
  sortKeys: {
    name: { type: 'text', from: 'name' },
    price: { type: 'numeric', from: `coalesce(price, ${UNPRICED_SORT_KEY})` },
    rating: { type: 'integer', from: `coalesce(rating, ${UNRATED_SORT_KEY})` },
  },
});

export const createLodgings: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table lodgings.lodgings (
        id text primary key,
        source text not null,
        source_id text not null,
        -- The source's partition the lodging was last pulled in (the partner's city id): a
        -- complete pull of that partition deletes the lodgings it did not see.
        partition text not null,
        name text not null,
        type text not null check (type in ('hostel', 'hotel', 'guesthouse', 'apartment')),
        address text,
        district text,
        latitude double precision,
        longitude double precision,
        location geography(Point, 4326) generated always as (
          case when latitude is not null and longitude is not null
            then ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography end
        ) stored,
        rating integer check (rating between 0 and 100),
        rating_count integer not null default 0 check (rating_count >= 0),
        price numeric check (price >= 0),
        currency char(3),
        facilities text[] not null default '{}',
        images text[] not null default '{}',
        direct_place_ids text[] not null default '{}',
        place_ids text[] not null default '{}',
        content_hash text not null,
        synced_at timestamptz not null default now(),
        unique (source, source_id),
        check ((price is null) = (currency is null))
      )`.execute(db);
    // The place index: roll-ups (`filter[place]`) read the roll-up table in order; direct matches
    // use the GIN index on the direct places.
    await rollup.up(db);
    await sql`create index lodgings_direct_place_ids_gin on lodgings.lodgings using gin (direct_place_ids)`.execute(
      db,
    );
    await sql`create index lodgings_name_idx on lodgings.lodgings (name, id)`.execute(db);
    await sql`create index lodgings_price_idx on lodgings.lodgings ((coalesce(price, ${sql.raw(UNPRICED_SORT_KEY)})), id)`.execute(
      db,
    );
    await sql`create index lodgings_rating_idx on lodgings.lodgings ((coalesce(rating, ${sql.raw(UNRATED_SORT_KEY)})), id)`.execute(
      db,
    );
    await sql`create index lodgings_facilities_gin on lodgings.lodgings using gin (facilities)`.execute(
      db,
    );
    await sql`create index lodgings_location_gist on lodgings.lodgings using gist (location)`.execute(
      db,
    );
    await sql`create index lodgings_partition_idx on lodgings.lodgings (source, partition)`.execute(
      db,
    );
    // The partner's cities, mapped to our places once per run (name, country, coordinates); a city
    // that matches no place keeps place_id null (and is dead-lettered as `city:<id>`). The last
    // complete pull is the city's watermark.
    await sql`
      create table lodgings.partner_cities (
        source text not null,
        city_id text not null,
        name text not null,
        country text,
        country_code text,
        latitude double precision,
        longitude double precision,
        place_id text,
        place_ids text[] not null default '{}',
        matched_by text not null check (matched_by in ('name', 'coordinates', 'name+coordinates', 'none')),
        mapped_at timestamptz not null default now(),
        last_complete_pull_at timestamptz,
        last_failed_pull_at timestamptz,
        last_error text,
        primary key (source, city_id)
      )`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table lodgings.partner_cities`.execute(db);
    await rollup.down!(db);
    await sql`drop table lodgings.lodgings`.execute(db);
  },
};
