import { DynamicModule, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import {
  HealthModule,
  PostgresHealthIndicator,
  ReadinessCheck,
  RedisHealthIndicator,
} from '@waypost/shared/health';
import { METRICS_REGISTRY, ObservabilityModule, Registry } from '@waypost/shared/observability';
import type { DestinationStream } from 'pino';
import { AdminController } from './admin/admin.controller';
import { GatewayConfig } from './config/gateway.config';
import { DocsModule } from './docs/docs.module';
import { GatewayContext } from './gateway.context';
import { GatewayHttp } from './gateway.http';
import { GuideController } from './guide/guide.controller';

export const GATEWAY_SERVICE = 'gateway';

/**
 * The gateway's readiness body says which dependency is down, never why: its messages name
 * internal hosts and ports (terminus logs them in full).
 */
function withoutDetails(check: ReadinessCheck): ReadinessCheck {
  return async () => {
    const result = await check();
    const statuses: HealthIndicatorResult = {};
    for (const [key, { status }] of Object.entries(result)) statuses[key] = { status };
    return statuses;
  };
}

/** Owns the GatewayContext: connects it before serving, closes it on shutdown. */
@Module({})
class GatewayCoreModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(GatewayContext) private readonly context: GatewayContext) {}

  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayCoreModule,
      controllers: [GuideController, AdminController],
      providers: [
        {
          provide: GatewayContext,
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => new GatewayContext(config, registry),
        },
        GatewayHttp,
      ],
      exports: [GatewayContext],
    };
  }

  async onModuleInit(): Promise<void> {
    await this.context.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.context.close();
  }
}

/** The gateway: proxy routes, the guide, admin, health and metrics. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, logDestination?: DestinationStream): DynamicModule {
    const core = GatewayCoreModule.forRoot(config);
    return {
      module: GatewayModule,
      imports: [
        ObservabilityModule.forRoot({
          service: GATEWAY_SERVICE,
          logLevel: config.logLevel,
          destination: logDestination,
          extraRequestLabels: { upstream: (request) => request.gatewayUpstream },
          extraLogFields: (request) =>
            request.gatewayKeyId ? { keyId: request.gatewayKeyId } : {},
        }),
        core,
        DocsModule.forRoot({ publicBaseUrl: config.publicBaseUrl }),
        HealthModule.forRoot({
          imports: [core],
          inject: [GatewayContext, PostgresHealthIndicator, RedisHealthIndicator],
          useFactory: (
            context: GatewayContext,
            postgres: PostgresHealthIndicator,
            redis: RedisHealthIndicator,
          ) => [
            withoutDetails(() => postgres.pingCheck('postgres', context.db)),
            withoutDetails(() => redis.pingCheck('redis', context.redis)),
          ],
        }),
      ],
    };
  }
}
