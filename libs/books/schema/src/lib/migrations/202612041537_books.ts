import { Kysely, Migration, sql } from 'kysely';
import { placeRollupMigration } from '@waypost/shared/db';

/** The roll-up by place, one index per sort (docs/decisions/0005). */
const rollup = placeRollupMigration({
  schema: 'books',
  table: 'books',
  rollup: 'books_by_place',
  sortKeys: {
    name: { type: 'text', from: 'name' },
    updated_at: { type: 'timestamptz', from: 'source_updated_at' },
  },
});

export const createBooks: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table books.books (
        id text primary key,
        source text not null,
        source_id text not null,
        name text not null,
        description text,
        url text,
        latitude double precision,
        longitude double precision,
        direct_place_ids text[] not null default '{}',
        place_ids text[] not null default '{}',
        source_updated_at timestamptz not null,
        content_hash text not null,
        synced_at timestamptz not null default now(),
        unique (source, source_id)
      )`.execute(db);
    // The place index: roll-ups (`filter[place]`) read the roll-up table in order; direct matches
    // use the GIN index on the direct places.
    await rollup.up(db);
    await sql`create index books_direct_place_ids_gin on books.books using gin (direct_place_ids)`.execute(
      db,
    );
    await sql`create index books_name_idx on books.books (name, id)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await rollup.down!(db);
    await sql`drop table books.books`.execute(db);
  },
};
