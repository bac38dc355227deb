import { Insertable, Kysely, sql } from 'kysely';
import { ArticlesDatabase, ArticlesTable } from '@waypost/articles/schema';

/** An article as a sync writes it: every column but `syncedAt`, which the database stamps. */
export type ArticleWrite = Readonly<Omit<Insertable<ArticlesTable>, 'syncedAt'>> & {
  readonly categories: readonly string[];
  readonly tags: readonly string[];
  readonly mentionedPlaceIds: readonly string[];
  readonly placeIds: readonly string[];
};

export interface UpsertCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

type Executor = Kysely<ArticlesDatabase>;

/** Writes articles; only articles-sync uses it, always inside the batch transaction. */
export class ArticleWriteRepository {
  /** Upserts by (source, source id); rows whose content hash is unchanged are not rewritten. */
  async upsert(trx: Executor, rows: readonly ArticleWrite[]): Promise<UpsertCounts> {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const written = await trx
      .insertInto('articles.articles')
      .values(
        rows.map((r) => ({
          ...r,
          categories: [...r.categories],
          tags: [...r.tags],
          mentionedPlaceIds: [...r.mentionedPlaceIds],
          placeIds: [...r.placeIds],
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['source', 'sourceId'])
          .doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            title: eb.ref('excluded.title'),
            slug: eb.ref('excluded.slug'),
            url: eb.ref('excluded.url'),
            excerpt: eb.ref('excluded.excerpt'),
            contentHtml: eb.ref('excluded.contentHtml'),
            author: eb.ref('excluded.author'),
            categories: eb.ref('excluded.categories'),
            tags: eb.ref('excluded.tags'),
            publishedAt: eb.ref('excluded.publishedAt'),
            modifiedAt: eb.ref('excluded.modifiedAt'),
            mentionedPlaceIds: eb.ref('excluded.mentionedPlaceIds'),
            placeIds: eb.ref('excluded.placeIds'),
            contentHash: eb.ref('excluded.contentHash'),
            syncedAt: sql`now()`,
          }))
          .where('articles.articles.contentHash', '<>', (eb) => eb.ref('excluded.contentHash')),
      )
      .returning(sql<boolean>`xmax = 0`.as('inserted'))
      .execute();
    const inserted = written.filter((w) => w.inserted).length;
    return {
      inserted,
      updated: written.length - inserted,
      unchanged: rows.length - written.length,
    };
  }

  /** Removes the source's articles with these source ids; returns how many were removed. */
  async delete(trx: Executor, source: string, sourceIds: readonly string[]): Promise<number> {
    if (sourceIds.length === 0) return 0;
    const result = await trx
      .deleteFrom('articles.articles')
      .where('source', '=', source)
      .where('sourceId', 'in', [...sourceIds])
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** The source ids of every article from `source`, for reconciliation with its full id list. */
  async sourceIds(db: Executor, source: string): Promise<string[]> {
    const rows = await db
      .selectFrom('articles.articles')
      .select('sourceId')
      .where('source', '=', source)
      .orderBy('sourceId')
      .execute();
    return rows.map((r) => r.sourceId);
  }
}
