export { HealthModule } from './lib/health.module';
export type { HealthModuleOptions, ReadinessCheck } from './lib/health.options';
export { PostgresHealthIndicator } from './lib/postgres.health-indicator';
export { RedisHealthIndicator } from './lib/redis.health-indicator';
export { DEFAULT_HEALTH_TIMEOUT_MS, type HealthCheckOptions } from './lib/timeout.util';
export { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
