import { Kysely, Migration, sql } from 'kysely';
import { placeRollupMigration } from '@waypost/shared/db';

/**
 * The roll-up by place, one index per sort (docs/decisions/0005). A book without a price sorts
 * as the cheapest (-1): keyset paging needs non-null keys.
 */
const rollup = placeRollupMigration({
  schema: 'books',
  table: 'books',
  rollup: 'books_by_place',
  sortKeys: {
    title: { type: 'text', from: 'title' },
    published_at: { type: 'timestamptz', from: 'published_at' },
    price: { type: 'numeric', from: 'coalesce(price, -1)' },
  },
});

export const createBooks: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table books.books (
        id text primary key,
        source text not null,
        source_id text not null,
        isbn13 text not null check (isbn13 ~ '^[0-9]{13}$'),
        title text not null check (title <> ''),
        subtitle text,
        contributors jsonb not null default '[]',
        format text not null check (format in ('print', 'ebook')),
        format_detail text check (format_detail in ('hardback', 'paperback', 'epub', 'pdf')),
        language text check (language ~ '^[a-z]{3}$'),
        publisher text,
        published_at timestamptz not null,
        description text,
        price numeric(12, 2) check (price >= 0),
        currency text check (currency ~ '^[A-Z]{3}$'),
        prices jsonb not null default '[]',
        availability text not null check (availability in ('available', 'unavailable')),
        qualifier_place_ids text[] not null default '{}',
        mention_place_ids text[] not null default '{}',
        direct_place_ids text[] not null default '{}',
        place_ids text[] not null default '{}',
        source_updated_at timestamptz not null,
        content_hash text not null,
        synced_at timestamptz not null default now(),
        unique (source, source_id),
        check ((price is null) = (currency is null))
      )`.execute(db);
    // The place index: roll-ups (filter[place]) read the roll-up table in order; the other
    // filters and sorts of the whole collection use these.
    await rollup.up(db);
    await sql`create index books_title_idx on books.books (title, id)`.execute(db);
    await sql`create index books_published_at_idx on books.books (published_at, id)`.execute(db);
    await sql`create index books_price_idx on books.books ((coalesce(price, -1)), id)`.execute(db);
    await sql`create index books_title_words_gin on books.books
      using gin (to_tsvector('simple'::regconfig, title))`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await rollup.down!(db);
    await sql`drop table books.books`.execute(db);
  },
};
