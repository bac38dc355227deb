import { Counter } from 'prom-client';
import { JsonApiError } from '@waypost/shared/jsonapi';
import { Registry, registerCounter } from '@waypost/shared/observability';
import { PlanConfig } from '../config/routes.config';
import { RateLimitStore } from './rate-limit.store';

/** `RateLimit-Limit` always; `RateLimit-Remaining` and `RateLimit-Reset` when Redis answered. */
export type RateLimitHeaders = Readonly<Record<string, string>>;

/** The headers to send, and whether the request is over its plan's limit. */
export interface RateLimitDecision {
  readonly headers: RateLimitHeaders;
  readonly exceeded?: JsonApiError;
}

/** Applies a plan's limit to one request, and the plan's policy when Redis is down. */
export class RateLimiter {
  private readonly redisDown: Counter<'plan' | 'decision'>;

  constructor(
    private readonly store: RateLimitStore,
    registry: Registry,
  ) {
    this.redisDown = registerCounter(registry, {
      name: 'gateway_rate_limit_redis_unavailable_total',
      help: 'Requests whose rate limit could not be counted because Redis was unreachable, by plan and decision.',
      labelNames: ['plan', 'decision'],
    });
  }

  /** Counts the request; throws 503 when Redis is down and the plan fails closed. */
  async consume(keyId: string, plan: PlanConfig): Promise<RateLimitDecision> {
    const limit = String(plan.requestsPerWindow);
    let window;
    try {
      window = await this.store.hit(keyId, plan.windowSeconds * 1000);
    } catch {
      this.redisDown.inc({ plan: plan.name, decision: plan.whenRedisDown });
      if (plan.whenRedisDown === 'open') return { headers: { 'RateLimit-Limit': limit } };
      throw JsonApiError.serviceUnavailable(
        'Rate limits cannot be checked right now; retry shortly.',
        1,
      );
    }
    const resetSeconds = Math.max(1, Math.ceil(window.resetMs / 1000));
    const headers = {
      'RateLimit-Limit': limit,
      'RateLimit-Remaining': String(Math.max(0, plan.requestsPerWindow - window.count)),
      'RateLimit-Reset': String(resetSeconds),
    };
    if (window.count <= plan.requestsPerWindow) return { headers };
    return {
      headers,
      exceeded: JsonApiError.tooManyRequests(
        `This key may make ${plan.requestsPerWindow} requests per ${plan.windowSeconds} s (plan ${plan.name}); retry in ${resetSeconds} s.`,
        resetSeconds,
        { limit: plan.requestsPerWindow, windowSeconds: plan.windowSeconds, plan: plan.name },
      ),
    };
  }
}
