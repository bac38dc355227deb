import { DynamicModule, Module } from '@nestjs/common';
import { HttpRequestInstrumentation } from './http-request.instrumentation';
import { createLogger } from './logger.factory';
import { createMetricsRegistry } from './metrics.registry';
import { MetricsController } from './metrics.controller';
import { NestLoggerAdapter } from './nest-logger.adapter';
import { ObservabilityOptions } from './observability.options';
import { LOGGER, METRICS_REGISTRY, OBSERVABILITY_OPTIONS } from './observability.tokens';

@Module({})
export class ObservabilityModule {
  /**
   * Global module: provides `LOGGER`, `METRICS_REGISTRY` and `NestLoggerAdapter`, serves
   * `GET /metrics`, and instruments every Fastify request (request id, histogram, log line).
   */
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: OBSERVABILITY_OPTIONS, useValue: options },
        {
          provide: LOGGER,
          useFactory: () =>
            createLogger({
              service: options.service,
              level: options.logLevel,
              destination: options.destination,
            }),
        },
        { provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry(options) },
        NestLoggerAdapter,
        HttpRequestInstrumentation,
      ],
      exports: [LOGGER, METRICS_REGISTRY, NestLoggerAdapter],
    };
  }
}
