import { Kysely, Migration, sql } from 'kysely';

export const createPlaces: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table places.places (
        id text primary key,
        source text not null,
        source_id text not null,
        level text not null check (level in ('world', 'continent', 'country', 'region', 'city', 'neighborhood')),
        name text not null,
        parent_id text,
        ancestor_ids text[] not null default '{}',
        country_code text,
        population bigint,
        centroid geometry(Point, 4326) not null,
        boundary geometry(MultiPolygon, 4326),
        content_hash text not null,
        source_updated_at timestamptz not null,
        synced_at timestamptz not null default now(),
        unique (source, source_id)
      )`.execute(db);
    await sql`create index places_parent_idx on places.places (parent_id, name, id)`.execute(db);
    await sql`create index places_level_idx on places.places (level, name, id)`.execute(db);
    await sql`create index places_ancestors_gin on places.places using gin (ancestor_ids)`.execute(
      db,
    );
    await sql`create index places_centroid_gist on places.places using gist (centroid)`.execute(db);
    await sql`create index places_centroid_geog_gist on places.places using gist ((centroid::geography))`.execute(
      db,
    );
    await sql`create index places_boundary_gist on places.places using gist (boundary)`.execute(db);
    await sql`create index places_name_trgm on places.places using gin (lower(name) gin_trgm_ops)`.execute(
      db,
    );
    await sql`create index places_name_prefix on places.places (lower(name) text_pattern_ops)`.execute(
      db,
    );

    await sql`
      create table places.points_of_interest (
        id text primary key,
        source text not null,
        source_id text not null,
        name text not null,
        category text not null,
        description text,
        address text,
        opening_hours jsonb,
        location geometry(Point, 4326) not null,
        place_id text,
        place_ids text[] not null default '{}',
        content_hash text not null,
        source_updated_at timestamptz not null,
        synced_at timestamptz not null default now(),
        unique (source, source_id)
      )`.execute(db);
    await sql`create index poi_place_ids_gin on places.points_of_interest using gin (place_ids)`.execute(
      db,
    );
    await sql`create index poi_place_idx on places.points_of_interest (place_id, id)`.execute(db);
    await sql`create index poi_name_idx on places.points_of_interest (name, id)`.execute(db);
    await sql`create index poi_category_idx on places.points_of_interest (category, id)`.execute(
      db,
    );
    await sql`create index poi_location_gist on places.points_of_interest using gist (location)`.execute(
      db,
    );
    await sql`create index poi_location_geog_gist on places.points_of_interest using gist ((location::geography))`.execute(
      db,
    );
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table places.points_of_interest, places.places`.execute(db);
  },
};
