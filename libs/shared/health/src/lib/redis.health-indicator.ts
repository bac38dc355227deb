import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import {
  DEFAULT_HEALTH_TIMEOUT_MS,
  HealthCheckOptions,
  errorMessage,
  withTimeout,
} from './timeout.util';

/** Checks Redis with `PING` on an ioredis client. */
@Injectable()
export class RedisHealthIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async pingCheck<const Key extends string>(
    key: Key,
    client: Redis,
    options: HealthCheckOptions = {},
  ): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    try {
      // A disconnected client queues commands while it reconnects: the timeout bounds the wait.
      await withTimeout(client.ping(), options.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: errorMessage(error) });
    }
  }
}
