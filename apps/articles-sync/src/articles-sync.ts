import { Kysely } from 'kysely';
import { Registry } from 'prom-client';
import { createDatabase, createPool } from '@waypost/shared/db';
import {
  SyncLogger,
  SyncMetrics,
  SyncQueue,
  SyncRunner,
  createSyncWorker,
} from '@waypost/shared/sync';
import { ARTICLES_SCHEMA, ArticlesDatabase } from '@waypost/articles/schema';
import { ArticleWriteRepository } from '@waypost/articles/data-access/write';
import { Gazetteer } from '@waypost/places/gazetteer';
import { PlacesDatabase } from '@waypost/places/schema';
import { WordPressClient } from './sources/wordpress.client';
import { WordPressPostsSource } from './sources/wordpress-posts.source';
import { ArticlesSyncConfig } from './articles-sync.config';

export const ARTICLES_DATASET = 'articles';

/** The composition root of the articles sync: one source per WordPress site, runner, queue, worker. */
export class ArticlesSync {
  readonly db: Kysely<ArticlesDatabase>;
  readonly sources: readonly WordPressPostsSource[];
  readonly runner: SyncRunner;
  readonly queue: SyncQueue;
  worker?: ReturnType<typeof createSyncWorker>;

  constructor(
    private readonly config: ArticlesSyncConfig,
    registry: Registry,
    logger: SyncLogger,
  ) {
    const pool = createPool({ url: config.databaseUrl, applicationName: 'waypost-articles-sync' });
    this.db = createDatabase<ArticlesDatabase>({ pool });
    // The gazetteer reads the places schema of the same database, over the same pool.
    const gazetteer = new Gazetteer(createDatabase<PlacesDatabase>({ pool }));
    const articles = new ArticleWriteRepository();
    this.sources = config.sites.map(
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
    this.runner = new SyncRunner(this.db, {
      dataset: ARTICLES_DATASET,
      schema: ARTICLES_SCHEMA,
      metrics: new SyncMetrics(registry),
      logger,
    });
    this.queue = new SyncQueue({
      dataset: ARTICLES_DATASET,
      connection: this.connection(),
      prefix: config.queuePrefix,
      jobOptions: { backoff: { type: 'exponential', delay: config.retryBackoffMs } },
    });
  }

  /** Registers the schedules (pulls and reconciliations) and starts consuming jobs. */
  async start(): Promise<void> {
    await this.queue.schedule(this.sources);
    this.worker = createSyncWorker({
      dataset: ARTICLES_DATASET,
      connection: this.connection(),
      prefix: this.config.queuePrefix,
      sources: this.sources,
      runner: this.runner,
    });
    await this.worker.waitUntilReady();
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    await this.db.destroy();
  }

  private connection() {
    return { url: this.config.redisUrl, maxRetriesPerRequest: null };
  }
}
