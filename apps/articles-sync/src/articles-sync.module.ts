import {
  DynamicModule,
  Inject,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import {
  DEFAULT_HEALTH_TIMEOUT_MS,
  HealthModule,
  PostgresHealthIndicator,
} from '@waypost/shared/health';
import {
  LOGGER,
  Logger,
  METRICS_REGISTRY,
  ObservabilityModule,
  Registry,
} from '@waypost/shared/observability';
import { SyncWorkerHealthIndicator } from '@waypost/shared/sync';
import { ArticlesSync } from './articles-sync';
import { ArticlesSyncConfig } from './articles-sync.config';

export const ARTICLES_SYNC_SERVICE = 'articles-sync';

/** Owns the ArticlesSync instance: starts the worker once Nest is up, closes everything on shutdown. */
@Module({})
class ArticlesSyncCoreModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(ArticlesSync) private readonly sync: ArticlesSync) {}

  static forRoot(config: ArticlesSyncConfig): DynamicModule {
    return {
      module: ArticlesSyncCoreModule,
      providers: [
        {
          provide: ArticlesSync,
          inject: [METRICS_REGISTRY, LOGGER],
          useFactory: (registry: Registry, logger: Logger) =>
            new ArticlesSync(config, registry, logger),
        },
      ],
      exports: [ArticlesSync],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sync.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sync.close();
  }
}

/** The worker app: BullMQ worker and schedules; HTTP only for health and metrics. */
@Module({})
export class ArticlesSyncModule {
  static forRoot(config: ArticlesSyncConfig): DynamicModule {
    const core = ArticlesSyncCoreModule.forRoot(config);
    return {
      module: ArticlesSyncModule,
      imports: [
        ObservabilityModule.forRoot({ service: ARTICLES_SYNC_SERVICE, logLevel: config.logLevel }),
        core,
        HealthModule.forRoot({
          imports: [core],
          providers: [SyncWorkerHealthIndicator],
          inject: [
            ArticlesSync,
            PostgresHealthIndicator,
            SyncWorkerHealthIndicator,
            HealthIndicatorService,
          ],
          useFactory: (
            sync: ArticlesSync,
            postgres: PostgresHealthIndicator,
            worker: SyncWorkerHealthIndicator,
            indicators: HealthIndicatorService,
          ) => [
            () => postgres.pingCheck('postgres', sync.db),
            () => worker.check('bullmq', sync.worker),
            // One check per WordPress site, named by its source: `wp-guides`, `wp-news`, ...
            ...sync.sources.map((source) => async () => {
              const site = indicators.check(source.name);
              return source.client.ping(DEFAULT_HEALTH_TIMEOUT_MS).then(
                () => site.up(),
                (error: Error) => site.down({ message: error.message }),
              );
            }),
          ],
        }),
      ],
    };
  }
}
