import { ColumnType, Generated } from 'kysely';
import { SyncTables } from '@waypost/shared/db';

// The one place the articles schema's row types are written down; they mirror migrations/.
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export const ARTICLE_KINDS = ['article', 'news'] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];

export interface ArticlesTable {
  /** `<source>-<wordpress post id>`, e.g. `wp-travel-guides-123`. */
  id: string;
  /** The WordPress site it came from (one sync source per site). */
  source: string;
  sourceId: string;
  kind: ArticleKind;
  title: string;
  slug: string;
  url: string;
  /** Plain text. */
  excerpt: string;
  /** Sanitized HTML. */
  contentHtml: string;
  author: string | null;
  categories: ColumnType<string[], string[] | undefined, string[]>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  publishedAt: Timestamp;
  modifiedAt: Timestamp;
  /** The places the post mentions, resolved through the gazetteer. */
  mentionedPlaceIds: ColumnType<string[], string[] | undefined, string[]>;
  /** The mentioned places and all their ancestors (GIN: roll-up queries). */
  placeIds: ColumnType<string[], string[] | undefined, string[]>;
  contentHash: string;
  syncedAt: Generated<Timestamp>;
}

export const ARTICLES_SCHEMA = 'articles';

/** One row per article and place it rolls up to (maintained by triggers; decision 0005). */
export interface ArticlesByPlaceTable {
  placeId: string;
  id: string;
  kind: ArticleKind;
  publishedAt: Timestamp;
  title: string;
}

export type ArticlesDatabase = {
  'articles.articles': ArticlesTable;
  'articles.articlesByPlace': ArticlesByPlaceTable;
} & SyncTables<typeof ARTICLES_SCHEMA>;
