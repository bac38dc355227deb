import { Insertable, Kysely } from 'kysely';
import { UpsertCounts, upsertChanged, deleteBySourceIds } from '@waypost/shared/db';
import { ArticlesDatabase, ArticlesTable } from '@waypost/articles/schema';

/** An article as a sync writes it: every column but `syncedAt`, which the database stamps. */
export type ArticleWrite = Readonly<Omit<Insertable<ArticlesTable>, 'syncedAt'>> & {
  readonly categories: readonly string[];
  readonly tags: readonly string[];
  readonly mentionedPlaceIds: readonly string[];
  readonly placeIds: readonly string[];
};

type Executor = Kysely<ArticlesDatabase>;

/** Writes articles; only articles-sync uses it, always inside the batch transaction. */
export class ArticleWriteRepository {
  /** Upserts by (source, source id); rows whose content hash is unchanged are not rewritten. */
  upsert(trx: Executor, rows: readonly ArticleWrite[]): Promise<UpsertCounts> {
    return upsertChanged(trx, 'articles.articles', rows, {
      key: ['source', 'sourceId'],
      hash: 'contentHash',
      stamp: 'syncedAt',
    });
  }

  /** Removes the source's articles with these source ids; returns how many were removed. */
  delete(trx: Executor, source: string, sourceIds: readonly string[]): Promise<number> {
    return deleteBySourceIds(trx, 'articles.articles', source, sourceIds);
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
