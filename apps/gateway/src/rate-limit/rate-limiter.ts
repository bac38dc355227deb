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

/** The share of a plan's limit a replica reserves at once, and the most it reserves. */
export const RESERVATION_SHARE = 0.01;
export const MAX_RESERVATION = 1_000;
// Keys whose local allowance is kept; beyond it, ended windows are swept (then all, if need be).
const MAX_ALLOWANCES = 10_000;

/**
 * How many requests of a plan's window a replica reserves in one Redis call: 1 % of the limit
 * (1 for limits under 200, so small limits stay exact), at most MAX_RESERVATION.
 */
export function reservationSize(plan: PlanConfig): number {
  return Math.min(
    MAX_RESERVATION,
    Math.max(1, Math.floor(plan.requestsPerWindow * RESERVATION_SHARE)),
  );
}

/** What this replica holds of a key's current window. */
interface Allowance {
  readonly windowEndsAt: number;
  /** Reserved by this replica and not used yet. */
  left: number;
  /** The window's shared count (all replicas' reservations) at this replica's last reservation. */
  readonly reserved: number;
}

/**
 * Applies a plan's limit to one request, and the plan's policy when Redis is down. Counts are
 * shared through Redis in batches (docs/decisions/0002-gateway-rate-limits.md): a replica reserves
 * `reservationSize(plan)` requests of the key's window in one call and spends them locally, so most
 * requests cost no round trip; a used-up window is remembered until it ends.
 */
export class RateLimiter {
  private readonly redisDown: Counter<'plan' | 'decision'>;
  private readonly allowances = new Map<string, Allowance>();
  // One reservation in flight per key: concurrent requests wait for it instead of sending their own.
  private readonly reserving = new Map<string, Promise<void>>();

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
    let now = Date.now();
    let allowance = this.allowances.get(keyId);
    try {
      while (!allowance || allowance.windowEndsAt <= now || needsMore(allowance, plan)) {
        await this.reserve(keyId, plan);
        now = Date.now();
        allowance = this.allowances.get(keyId);
      }
    } catch {
      this.redisDown.inc({ plan: plan.name, decision: plan.whenRedisDown });
      if (plan.whenRedisDown === 'open') return { headers: { 'RateLimit-Limit': limit } };
      throw JsonApiError.serviceUnavailable(
        'Rate limits cannot be checked right now; retry shortly.',
        1,
      );
    }
    const admitted = allowance.left > 0;
    if (admitted) allowance.left -= 1;
    const resetSeconds = Math.max(1, Math.ceil((allowance.windowEndsAt - now) / 1000));
    const headers = {
      'RateLimit-Limit': limit,
      'RateLimit-Remaining': String(
        Math.max(0, plan.requestsPerWindow - allowance.reserved + allowance.left),
      ),
      'RateLimit-Reset': String(resetSeconds),
    };
    if (admitted) return { headers };
    return {
      headers,
      exceeded: JsonApiError.tooManyRequests(
        `This key may make ${plan.requestsPerWindow} requests per ${plan.windowSeconds} s (plan ${plan.name}); retry in ${resetSeconds} s.`,
        resetSeconds,
        { limit: plan.requestsPerWindow, windowSeconds: plan.windowSeconds, plan: plan.name },
      ),
    };
  }

  /** Reserves a batch of the key's window, or waits for the reservation already under way. */
  private reserve(keyId: string, plan: PlanConfig): Promise<void> {
    let pending = this.reserving.get(keyId);
    if (!pending) {
      pending = this.store
        .reserve(keyId, plan.windowSeconds * 1000, plan.requestsPerWindow, reservationSize(plan))
        .then((reservation) => {
          if (this.allowances.size >= MAX_ALLOWANCES) this.sweep();
          this.allowances.set(keyId, {
            windowEndsAt: Date.now() + reservation.resetMs,
            left: reservation.granted,
            reserved: reservation.reserved,
          });
        })
        .finally(() => this.reserving.delete(keyId));
      this.reserving.set(keyId, pending);
    }
    return pending;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [keyId, allowance] of this.allowances)
      if (allowance.windowEndsAt <= now) this.allowances.delete(keyId);
    if (this.allowances.size >= MAX_ALLOWANCES) this.allowances.clear();
  }
}

// Used up locally while the window may still have room: ask Redis for more. A window that had
// none left when reserved stays refused until it ends (its shared count only grows).
function needsMore(allowance: Allowance, plan: PlanConfig): boolean {
  return allowance.left === 0 && allowance.reserved < plan.requestsPerWindow;
}
