import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { READINESS_CHECKS, ReadinessCheck } from './health.options';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_CHECKS) private readonly readinessChecks: ReadinessCheck[],
  ) {}

  /** The process answers; dependencies are not checked, so a database outage never restarts pods. */
  @Get('live')
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Every dependency answers; 503 with the terminus body naming the ones that are down. */
  @Get('ready')
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.readinessChecks);
  }
}
