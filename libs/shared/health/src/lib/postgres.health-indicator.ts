import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { QueryExecutorProvider, sql } from 'kysely';
import { Pool } from 'pg';
import {
  DEFAULT_HEALTH_TIMEOUT_MS,
  HealthCheckOptions,
  errorMessage,
  withTimeout,
} from './timeout.util';

/** Checks PostgreSQL with `select 1` through a pg Pool or a Kysely instance. */
@Injectable()
export class PostgresHealthIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async pingCheck<const Key extends string>(
    key: Key,
    target: Pool | QueryExecutorProvider,
    options: HealthCheckOptions = {},
  ): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(selectOne(target), options.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: errorMessage(error) });
    }
  }
}

async function selectOne(target: Pool | QueryExecutorProvider): Promise<void> {
  if (target instanceof Pool) await target.query('select 1');
  else await sql`select 1`.execute(target);
}
