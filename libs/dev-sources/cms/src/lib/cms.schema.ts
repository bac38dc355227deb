import { Client } from 'pg';

// One statement list, every step idempotent, so that re-running it on a live CMS changes nothing.
const CMS_SCHEMA_SQL = [
  `create table if not exists places (
    id bigserial primary key,
    code text not null unique,
    name text not null,
    kind text not null,
    parent_id bigint,
    latitude double precision,
    longitude double precision,
    boundary jsonb,
    population bigint,
    country_code text,
    created_at timestamptz(6) not null default now(),
    updated_at timestamptz(6) not null default now(),
    deleted_at timestamptz(6)
  )`,
  `create index if not exists index_places_on_updated_at_and_id on places (updated_at, id)`,
  `create table if not exists points_of_interest (
    id bigserial primary key,
    place_id bigint,
    name text,
    category text,
    description text,
    latitude double precision,
    longitude double precision,
    address text,
    opening_hours jsonb,
    created_at timestamptz(6) not null default now(),
    updated_at timestamptz(6) not null default now(),
    deleted_at timestamptz(6)
  )`,
  `create index if not exists index_points_of_interest_on_updated_at_and_id
    on points_of_interest (updated_at, id)`,
  // The Google Places id of a point of interest, for a share of them (enrichment, issue 14).
  `alter table points_of_interest add column if not exists google_place_id text`,
  `create unique index if not exists index_points_of_interest_on_google_place_id
    on points_of_interest (google_place_id) where google_place_id is not null`,
];

/**
 * Creates the CMS tables (`places`, `points_of_interest`) in the database named in `url`, if
 * they are missing. Safe to call concurrently and repeatedly; the database itself must exist.
 */
export async function createCmsSchema(url: string): Promise<void> {
  const client = new Client({ connectionString: url, application_name: 'waypost-dev-sources' });
  await client.connect();
  try {
    await client.query('begin');
    // Concurrent "create table if not exists" can still collide on the catalog: serialise them.
    await client.query(`select pg_advisory_xact_lock(hashtext('waypost:cms-schema'))`);
    for (const statement of CMS_SCHEMA_SQL) await client.query(statement);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    await client.end();
  }
}
