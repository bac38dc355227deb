import { SchemaMigrations, syncTablesMigration } from '@waypost/shared/db';
import { ARTICLES_SCHEMA } from '../tables';
import { createArticles } from './202611210100_articles';
import { createArticleRollup } from './202612040100_article_rollup';

export const ARTICLES_MIGRATIONS: SchemaMigrations = {
  schema: ARTICLES_SCHEMA,
  migrations: {
    '202611210000_sync_tables': syncTablesMigration(ARTICLES_SCHEMA),
    '202611210100_articles': createArticles,
    '202612040100_article_rollup': createArticleRollup,
  },
};
