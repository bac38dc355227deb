import { Registry } from 'prom-client';
import { createDatabase, createPool } from '@waypost/shared/db';
import { SyncLogger, SyncWorkerHost } from '@waypost/shared/sync';
import { ARTICLES_SCHEMA, ArticlesDatabase } from '@waypost/articles/schema';
import { ArticleWriteRepository } from '@waypost/articles/data-access/write';
import { Gazetteer, GazetteerDatabase } from '@waypost/places/gazetteer';
import { WordPressClient } from './sources/wordpress.client';
import { WordPressPostsSource } from './sources/wordpress-posts.source';
import { ArticlesSyncConfig } from './articles-sync.config';

export const ARTICLES_DATASET = 'articles';

/** The composition root of the articles sync: one source per WordPress site on a sync worker host. */
export class ArticlesSync extends SyncWorkerHost<
  ArticlesDatabase,
  readonly WordPressPostsSource[]
> {
  constructor(config: ArticlesSyncConfig, registry: Registry, logger: SyncLogger) {
    const pool = createPool({
      url: config.databaseUrl,
      applicationName: 'waypost-articles-sync',
      statementTimeoutMs: config.limits.statementTimeoutMs,
    });
    // The gazetteer reads the places schema of the same database, over the same pool.
    const gazetteer = new Gazetteer(createDatabase<GazetteerDatabase>({ pool }));
    const articles = new ArticleWriteRepository();
    const sources = config.sites.map(
      (site) =>
        new WordPressPostsSource(
          new WordPressClient(site.baseUrl, {
            timeoutMs: config.requestTimeoutMs,
            attempts: config.requestAttempts,
            retryDelayMs: config.requestRetryDelayMs,
          }),
          gazetteer,
          articles,
          {
            source: site.source,
            kind: site.kind,
            perPage: site.perPage,
            settleMs: config.settleMs,
            schedule: { everyMs: site.everyMs },
            reconcileSchedule: { everyMs: site.reconcileEveryMs },
          },
        ),
    );
    super(createDatabase<ArticlesDatabase>({ pool }), sources, {
      dataset: ARTICLES_DATASET,
      schema: ARTICLES_SCHEMA,
      redisUrl: config.redisUrl,
      queuePrefix: config.queuePrefix,
      retryBackoffMs: config.retryBackoffMs,
      limits: config.limits,
      registry,
      logger,
    });
  }
}
