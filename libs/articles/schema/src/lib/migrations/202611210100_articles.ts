import { Kysely, Migration, sql } from 'kysely';

export const createArticles: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table articles.articles (
        id text primary key,
        source text not null,
        source_id text not null,
        kind text not null check (kind in ('article', 'news')),
        title text not null,
        slug text not null,
        url text not null,
        excerpt text not null,
        content_html text not null,
        author text,
        categories text[] not null default '{}',
        tags text[] not null default '{}',
        published_at timestamptz not null,
        modified_at timestamptz not null,
        mentioned_place_ids text[] not null default '{}',
        place_ids text[] not null default '{}',
        content_hash text not null,
        synced_at timestamptz not null default now(),
        unique (source, source_id)
      )`.execute(db);
    await sql`create index articles_place_ids_gin on articles.articles using gin (place_ids)`.execute(
      db,
    );
    await sql`create index articles_mentioned_gin on articles.articles using gin (mentioned_place_ids)`.execute(
      db,
    );
    await sql`create index articles_categories_gin on articles.articles using gin (categories)`.execute(
      db,
    );
    await sql`create index articles_kind_published_idx on articles.articles (kind, published_at desc, id desc)`.execute(
      db,
    );
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table articles.articles`.execute(db);
  },
};
