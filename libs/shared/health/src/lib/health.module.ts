import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HealthModuleOptions, READINESS_CHECKS } from './health.options';
import { PostgresHealthIndicator } from './postgres.health-indicator';
import { RedisHealthIndicator } from './redis.health-indicator';

@Module({})
export class HealthModule {
  /**
   * Serves `GET /health/live` and `GET /health/ready`; the readiness checks come from `useFactory`,
   * which may inject `PostgresHealthIndicator`, `RedisHealthIndicator`, `HealthIndicatorService`
   * and whatever `imports`/`providers` supply.
   */
  static forRoot(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot(), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        PostgresHealthIndicator,
        RedisHealthIndicator,
        ...(options.providers ?? []),
        {
          provide: READINESS_CHECKS,
          inject: options.inject ?? [],
          useFactory: options.useFactory,
        },
      ],
    };
  }
}
