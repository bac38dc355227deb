import { DynamicModule } from '@nestjs/common';
import { DEFAULT_HEALTH_TIMEOUT_MS } from '@waypost/shared/health';
import { SyncWorkerModule } from '@waypost/shared/sync';
import { ArticlesSync } from './articles-sync';
import { ArticlesSyncConfig } from './articles-sync.config';

export const ARTICLES_SYNC_SERVICE = 'articles-sync';

/** The worker app: BullMQ worker and schedules; HTTP only for health and metrics. */
export function articlesSyncModule(config: ArticlesSyncConfig): DynamicModule {
  return SyncWorkerModule.forRoot<ArticlesSync>({
    service: ARTICLES_SYNC_SERVICE,
    logLevel: config.logLevel,
    create: (registry, logger) => new ArticlesSync(config, registry, logger),
    // One check per WordPress site, named by its source: `wp-guides`, `wp-news`, ...
    readiness: (sync, indicators) =>
      sync.sources.map((source) => async () => {
        const site = indicators.check(source.name);
        return source.client.ping(DEFAULT_HEALTH_TIMEOUT_MS).then(
          () => site.up(),
          (error: Error) => site.down({ message: error.message }),
        );
      }),
  });
}
