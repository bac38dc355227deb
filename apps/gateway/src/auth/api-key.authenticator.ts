import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { Counter } from 'prom-client';
import {
  ApiKeyRecord,
  ApiKeyRepository,
  hashApiKey,
  isWellFormedApiKey,
  keyRevocationChannel,
} from '@waypost/gateway/keys';
import { Registry, registerCounter } from '@waypost/shared/observability';

// Keys (and lookups under way) cached per replica; the least recently used go first beyond it.
const MAX_CACHED_KEYS = 10_000;
// Unknown keys remembered apart, so that a flood of them cannot evict the keys in use.
const MAX_UNKNOWN_KEYS = 10_000;

/** Answers `find` when the caller may not cause a lookup and the key is not cached. */
export class KeyLookupRefused extends Error {
  constructor() {
    super('key lookup refused');
  }
}

/**
 * Finds the active key for a plaintext key: cached per replica for `ttlMs` (unknown keys too, in a
 * cache of their own), and dropped from the cache as soon as a revocation is announced on Redis
 * pub/sub (or when the subscription reconnects, since announcements may have been missed meanwhile).
 */
export class ApiKeyAuthenticator {
  // The promise is cached, so that concurrent requests with a new key share one query.
  private readonly known: LRUCache<string, Promise<ApiKeyRecord | undefined>> | undefined;
  private readonly unknown: LRUCache<string, true> | undefined;
  private readonly lookups: Counter<'outcome'>;

  constructor(
    private readonly keys: ApiKeyRepository,
    ttlMs: number,
    private readonly subscriber: Redis,
    private readonly redisPrefix: string,
    registry: Registry,
  ) {
    // A TTL of 0 turns caching off (lru-cache reads 0 as "never expires").
    if (ttlMs > 0) {
      this.known = new LRUCache({ max: MAX_CACHED_KEYS, ttl: ttlMs });
      this.unknown = new LRUCache({ max: MAX_UNKNOWN_KEYS, ttl: ttlMs });
    }
    this.lookups = registerCounter(registry, {
      name: 'gateway_api_key_lookups_total',
      help: 'API key lookups sent to PostgreSQL (cache misses), by outcome: found, unknown, failed.',
      labelNames: ['outcome'],
    });
  }

  /**
   * Subscribes to revocations. Waits at most `waitMs` for Redis: while it is down the subscription
   * stays queued on the client, and the TTL alone bounds how long a revoked key keeps working.
   */
  async start(waitMs: number): Promise<void> {
    this.subscriber.on('message', (_channel: string, id: string) => this.forget(id));
    this.subscriber.on('ready', () => this.known?.clear());
    const subscribed = this.subscriber.subscribe(keyRevocationChannel(this.redisPrefix));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      subscribed.catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
    ]);
    clearTimeout(timer);
  }

  /**
   * The key's record, or undefined when it is malformed, unknown or revoked; rejects when the
   * database fails, and with KeyLookupRefused when the key is not cached and `mayLookUp` says no.
   */
  find(
    plaintext: string,
    mayLookUp: () => boolean = () => true,
  ): Promise<ApiKeyRecord | undefined> {
    if (!isWellFormedApiKey(plaintext)) return Promise.resolve(undefined);
    const hash = hashApiKey(plaintext);
    if (this.unknown?.has(hash)) return Promise.resolve(undefined);
    const cached = this.known?.get(hash);
    if (cached) return cached;
    if (!mayLookUp()) return Promise.reject(new KeyLookupRefused());
    const lookup = this.keys.findActiveByHash(hash);
    this.known?.set(hash, lookup);
    lookup.then(
      (record) => {
        this.lookups.inc({ outcome: record ? 'found' : 'unknown' });
        if (record) return;
        if (this.known?.peek(hash) === lookup) this.known.delete(hash);
        this.unknown?.set(hash, true);
      },
      () => {
        this.lookups.inc({ outcome: 'failed' });
        if (this.known?.peek(hash) === lookup) this.known.delete(hash);
      },
    );
    return lookup;
  }

  /** Drops a key from the cache, so that its next request is checked against the database. */
  forget(id: string): void {
    if (!this.known) return;
    for (const [hash, lookup] of this.known.entries()) {
      void lookup.then(
        (record) => {
          if (record?.id === id && this.known?.peek(hash) === lookup) this.known.delete(hash);
        },
        () => undefined,
      );
    }
  }
}
