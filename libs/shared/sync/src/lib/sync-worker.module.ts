import {
  DynamicModule,
  Inject,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { HealthModule, PostgresHealthIndicator, ReadinessCheck } from '@waypost/shared/health';
import {
  LOGGER,
  Logger,
  METRICS_REGISTRY,
  ObservabilityModule,
  Registry,
} from '@waypost/shared/observability';
import { SyncWorkerHealthIndicator } from './sync-worker.health-indicator';
import { SyncWorkerHost } from './sync-worker.host';

const SYNC_WORKER_HOST = Symbol('SYNC_WORKER_HOST');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyHost = SyncWorkerHost<any>;

export interface SyncWorkerModuleOptions<H extends AnyHost> {
  readonly service: string;
  readonly logLevel: Parameters<typeof ObservabilityModule.forRoot>[0]['logLevel'];
  /** Builds the dataset's host (its sources, runner, queue). */
  readonly create: (registry: Registry, logger: Logger) => H;
  /** Readiness checks of the dataset's own sources, beside postgres and bullmq. */
  readonly readiness?: (host: H, indicators: HealthIndicatorService) => ReadinessCheck[];
}

/** Starts the host's worker once Nest is up and closes everything on shutdown. */
@Module({})
class SyncWorkerLifecycleModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(SYNC_WORKER_HOST) private readonly host: AnyHost) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.host.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host.close();
  }
}

/** A sync worker app: BullMQ worker and schedules; HTTP only for health and metrics. */
@Module({})
export class SyncWorkerModule {
  static forRoot<H extends AnyHost>(options: SyncWorkerModuleOptions<H>): DynamicModule {
    const lifecycle: DynamicModule = {
      module: SyncWorkerLifecycleModule,
      providers: [
        {
          provide: SYNC_WORKER_HOST,
          inject: [METRICS_REGISTRY, LOGGER],
          useFactory: (registry: Registry, logger: Logger) => options.create(registry, logger),
        },
      ],
      exports: [SYNC_WORKER_HOST],
    };
    return {
      module: SyncWorkerModule,
      imports: [
        ObservabilityModule.forRoot({ service: options.service, logLevel: options.logLevel }),
        lifecycle,
        HealthModule.forRoot({
          imports: [lifecycle],
          providers: [SyncWorkerHealthIndicator],
          inject: [
            SYNC_WORKER_HOST,
            PostgresHealthIndicator,
            SyncWorkerHealthIndicator,
            HealthIndicatorService,
          ],
          useFactory: (
            host: H,
            postgres: PostgresHealthIndicator,
            worker: SyncWorkerHealthIndicator,
            indicators: HealthIndicatorService,
          ) => [
            () => postgres.pingCheck('postgres', host.db),
            () => worker.check('bullmq', host.worker),
            ...(options.readiness?.(host, indicators) ?? []),
          ],
        }),
      ],
    };
  }
}
