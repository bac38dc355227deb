import {
  DynamicModule,
  Inject,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { HealthModule, PostgresHealthIndicator } from '@waypost/shared/health';
import {
  LOGGER,
  Logger,
  METRICS_REGISTRY,
  ObservabilityModule,
  Registry,
} from '@waypost/shared/observability';
import { SyncWorkerHealthIndicator } from '@waypost/shared/sync';
import { PlacesSync } from './places-sync';
import { PlacesSyncConfig } from './places-sync.config';

export const PLACES_SYNC_SERVICE = 'places-sync';

/** Owns the PlacesSync instance: starts the worker once Nest is up, closes everything on shutdown. */
@Module({})
class PlacesSyncCoreModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(PlacesSync) private readonly sync: PlacesSync) {}

  static forRoot(config: PlacesSyncConfig): DynamicModule {
    return {
      module: PlacesSyncCoreModule,
      providers: [
        {
          provide: PlacesSync,
          inject: [METRICS_REGISTRY, LOGGER],
          useFactory: (registry: Registry, logger: Logger) =>
            new PlacesSync(config, registry, logger),
        },
      ],
      exports: [PlacesSync],
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
export class PlacesSyncModule {
  static forRoot(config: PlacesSyncConfig): DynamicModule {
    const core = PlacesSyncCoreModule.forRoot(config);
    return {
      module: PlacesSyncModule,
      imports: [
        ObservabilityModule.forRoot({ service: PLACES_SYNC_SERVICE, logLevel: config.logLevel }),
        core,
        HealthModule.forRoot({
          imports: [core],
          providers: [SyncWorkerHealthIndicator],
          inject: [
            PlacesSync,
            PostgresHealthIndicator,
            SyncWorkerHealthIndicator,
            HealthIndicatorService,
          ],
          useFactory: (
            sync: PlacesSync,
            postgres: PostgresHealthIndicator,
            worker: SyncWorkerHealthIndicator,
            indicators: HealthIndicatorService,
          ) => [
            () => postgres.pingCheck('postgres', sync.db),
            () => worker.check('bullmq', sync.worker),
            async () => {
              const cms = indicators.check('cms');
              return sync.cms.ping().then(
                () => cms.up(),
                (error: Error) => cms.down({ message: error.message }),
              );
            },
          ],
        }),
      ],
    };
  }
}
