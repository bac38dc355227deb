import { Kysely, Migration, sql } from 'kysely';
import { placeRollupMigration } from '@waypost/shared/db';

/**
 * Articles and news rolled up by the places they mention and their ancestors, per kind, one
 * index per sort, kept by triggers (docs/decisions/0005).
 */
const rollup = placeRollupMigration({
  schema: 'articles',
  table: 'articles',
  rollup: 'articles_by_place',
  partitionKeys: { kind: { type: 'text', from: 'kind' } },
  sortKeys: {
    published_at: { type: 'timestamptz', from: 'published_at' },
    title: { type: 'text', from: 'title' },
  },
});

export const createArticleRollup: Migration = {
  async up(db: Kysely<unknown>) {
    await rollup.up(db);
    // The roll-up answers filter[place]; the GIN index on place_ids only cost writes.
    await sql`drop index articles.articles_place_ids_gin`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`create index articles_place_ids_gin on articles.articles using gin (place_ids)`.execute(
      db,
    );
    await rollup.down!(db);
  },
};
