export { createLogger, type LoggerOptions } from './lib/logger.factory';
export { default as LOG_LINE_SCHEMA } from './lib/log-line.schema.json';
export { NestLoggerAdapter } from './lib/nest-logger.adapter';
export {
  HTTP_REQUEST_DURATION,
  createMetricsRegistry,
  registerCounter,
  registerGauge,
  registerHistogram,
} from './lib/metrics.registry';
export { REQUEST_ID_HEADER, UNMATCHED_ROUTE } from './lib/http-request.util';
export { LOGGER, METRICS_REGISTRY } from './lib/observability.tokens';
export type { ObservabilityOptions, RequestLabel } from './lib/observability.options';
export { ObservabilityModule } from './lib/observability.module';
export type { Logger } from 'pino';
export type { Registry } from 'prom-client';
