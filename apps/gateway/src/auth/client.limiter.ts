import { LRUCache } from 'lru-cache';
import { Counter } from 'prom-client';
import { JsonApiError } from '@waypost/shared/jsonapi';
import { Registry, registerCounter } from '@waypost/shared/observability';

const WINDOW_MS = 60_000;
// Client addresses tracked per replica; the least recently seen go first beyond it.
const MAX_CLIENTS = 100_000;

/** One client address's counts in its current minute. */
interface ClientWindow {
  readonly endsAt: number;
  requests: number;
  unknownKeys: number;
}

export interface ClientLimits {
  readonly requestsPerMinute: number;
  readonly unknownKeysPerMinute: number;
}

/**
 * Limits per client address, applied before (and around) authentication, in this replica's memory
 * so that they hold while Redis is down: requests of any kind, and the key lookups of keys that
 * turn out unknown. An address over its unknown-key budget gets no more key lookups (only what the key
 * cache already knows) until its minute ends, so a flood of random keys cannot reach PostgreSQL.
 */
export class ClientLimiter {
  private readonly clients = new LRUCache<string, ClientWindow>({ max: MAX_CLIENTS });
  private readonly refused: Counter<'reason'>;

  constructor(
    private readonly limits: ClientLimits,
    registry: Registry,
  ) {
    this.refused = registerCounter(registry, {
      name: 'gateway_client_refused_total',
      help: 'Requests refused per client address before authentication, by reason.',
      labelNames: ['reason'],
    });
  }

  /** Counts a request of `client`; throws 429 when the address is over its request limit. */
  admitRequest(client: string): void {
    const window = this.windowOf(client);
    window.requests += 1;
    if (window.requests > this.limits.requestsPerMinute) {
      this.refused.inc({ reason: 'requests' });
      throw tooMany(
        `Too many requests from this address (${this.limits.requestsPerMinute} per minute).`,
        window,
      );
    }
  }

  /**
   * Reserves one of `client`'s key lookups, counted as an unknown key until `refund` says the key
   * was found (so that lookups in flight count too); the 429 to answer when none is left.
   */
  reserveLookup(client: string): JsonApiError | undefined {
    const window = this.windowOf(client);
    if (window.unknownKeys < this.limits.unknownKeysPerMinute) {
      window.unknownKeys += 1;
      return undefined;
    }
    this.refused.inc({ reason: 'unknown-keys' });
    return tooMany(
      `Too many unknown or revoked API keys from this address (${this.limits.unknownKeysPerMinute} per minute).`,
      window,
    );
  }

  /** Gives back a reserved lookup whose key turned out active (or could not be checked). */
  refundLookup(client: string): void {
    const window = this.windowOf(client);
    window.unknownKeys = Math.max(0, window.unknownKeys - 1);
  }

  private windowOf(client: string): ClientWindow {
    const now = Date.now();
    let window = this.clients.get(client);
    if (!window || window.endsAt <= now) {
      window = { endsAt: now + WINDOW_MS, requests: 0, unknownKeys: 0 };
      this.clients.set(client, window);
    }
    return window;
  }
}

function tooMany(detail: string, window: ClientWindow): JsonApiError {
  const retryAfter = Math.max(1, Math.ceil((window.endsAt - Date.now()) / 1000));
  return JsonApiError.tooManyRequests(detail, retryAfter);
}
