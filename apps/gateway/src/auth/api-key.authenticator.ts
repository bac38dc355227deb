import type { Redis } from 'ioredis';
import {
  ApiKeyRecord,
  ApiKeyRepository,
  hashApiKey,
  isWellFormedApiKey,
  keyRevocationChannel,
} from '@waypost/gateway/keys';

interface CacheEntry {
  readonly lookup: Promise<ApiKeyRecord | undefined>;
  readonly expiresAt: number;
}

// Unknown keys are cached too (so a flood of bad keys costs no queries), hence a bound on the size.
const MAX_CACHED_KEYS = 10_000;

/**
 * Finds the active key for a plaintext key: cached per replica for `ttlMs`, and dropped from the
 * cache as soon as a revocation is announced on Redis pub/sub (or when the subscription reconnects,
 * since announcements may have been missed meanwhile).
 */
export class ApiKeyAuthenticator {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly ttlMs: number,
    private readonly subscriber: Redis,
    private readonly redisPrefix: string,
  ) {}

  /**
   * Subscribes to revocations. Waits at most `waitMs` for Redis: while it is down the subscription
   * stays queued on the client, and the TTL alone bounds how long a revoked key keeps working.
   */
  async start(waitMs: number): Promise<void> {
    this.subscriber.on('message', (_channel: string, id: string) => this.forget(id));
    this.subscriber.on('ready', () => this.cache.clear());
    const subscribed = this.subscriber.subscribe(keyRevocationChannel(this.redisPrefix));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      subscribed.catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
    ]);
    clearTimeout(timer);
  }

  /** The key's record, or undefined when it is malformed, unknown or revoked; rejects when the database fails. */
  find(plaintext: string): Promise<ApiKeyRecord | undefined> {
    if (!isWellFormedApiKey(plaintext)) return Promise.resolve(undefined);
    const hash = hashApiKey(plaintext);
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && cached.expiresAt > now) return cached.lookup;
    if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
    // Cache the promise, so that concurrent requests with a new key share one query.
    const lookup = this.keys.findActiveByHash(hash);
    this.cache.set(hash, { lookup, expiresAt: now + this.ttlMs });
    lookup.catch(() => this.cache.delete(hash));
    return lookup;
  }

  /** Drops a key from the cache, so that its next request is checked against the database. */
  forget(id: string): void {
    for (const [hash, entry] of this.cache) {
      void entry.lookup.then(
        (record) => {
          if (record?.id === id && this.cache.get(hash) === entry) this.cache.delete(hash);
        },
        () => undefined,
      );
    }
  }
}
