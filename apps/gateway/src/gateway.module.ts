import { DynamicModule, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import {
  HealthModule,
  PostgresHealthIndicator,
  RedisHealthIndicator,
} from '@waypost/shared/health';
import { METRICS_REGISTRY, ObservabilityModule, Registry } from '@waypost/shared/observability';
import type { DestinationStream } from 'pino';
import { AdminController } from './admin/admin.controller';
import { GatewayConfig } from './config/gateway.config';
import { GatewayContext } from './gateway.context';
import { GatewayHttp } from './gateway.http';
import { GuideController } from './guide/guide.controller';

export const GATEWAY_SERVICE = 'gateway';

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
        HealthModule.forRoot({
          imports: [core],
          inject: [GatewayContext, PostgresHealthIndicator, RedisHealthIndicator],
          useFactory: (
            context: GatewayContext,
            postgres: PostgresHealthIndicator,
            redis: RedisHealthIndicator,
          ) => [
            () => postgres.pingCheck('postgres', context.db),
            () => redis.pingCheck('redis', context.redis),
          ],
        }),
      ],
    };
  }
}
