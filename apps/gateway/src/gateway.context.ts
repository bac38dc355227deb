import { Redis, RedisOptions } from 'ioredis';
import { Kysely } from 'kysely';
import { ApiKeyRepository, GatewayDatabase } from '@waypost/gateway/keys';
import { createDatabase } from '@waypost/shared/db';
import { Registry } from '@waypost/shared/observability';
import { AccessService } from './auth/access.service';
import { ApiKeyAuthenticator } from './auth/api-key.authenticator';
import { ClientLimiter } from './auth/client.limiter';
import { GatewayConfig } from './config/gateway.config';
import { GuideService } from './guide/guide.service';
import { UpstreamClient } from './proxy/upstream.client';
import { RateLimitStore } from './rate-limit/rate-limit.store';
import { RateLimiter } from './rate-limit/rate-limiter';

const RECONNECT: Pick<RedisOptions, 'lazyConnect' | 'retryStrategy'> = {
  lazyConnect: true,
  retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
};
// How long boot waits for the revocation subscription before going on without it.
const SUBSCRIBE_WAIT_MS = 1_000;

/** The gateway's composition root: its database, Redis clients, upstream pools and services. */
export class GatewayContext {
  readonly db: Kysely<GatewayDatabase>;
  /** Rate-limit counts: fails fast while Redis is unreachable instead of queueing commands. */
  readonly redis: Redis;
  readonly upstreams: UpstreamClient;
  readonly access: AccessService;
  readonly guide: GuideService;
  private readonly subscriber: Redis;
  private readonly authenticator: ApiKeyAuthenticator;

  constructor(
    readonly config: GatewayConfig,
    registry: Registry,
  ) {
    this.db = createDatabase<GatewayDatabase>({
      url: config.databaseUrl,
      maxConnections: 4,
      applicationName: 'waypost-gateway',
    });
    // Auto-pipelining sends the counts of concurrent requests in one write.
    this.redis = new Redis(config.redisUrl, {
      ...RECONNECT,
      enableOfflineQueue: false,
      enableAutoPipelining: true,
    });
    // Subscriptions wait in the offline queue until Redis is reachable, however long that takes.
    this.subscriber = new Redis(config.redisUrl, { ...RECONNECT, maxRetriesPerRequest: null });
    // Connection errors surface through readiness and the rate-limit metrics, not as crashes.
    this.redis.on('error', () => undefined);
    this.subscriber.on('error', () => undefined);

    this.upstreams = new UpstreamClient(config.routes.upstreams.values(), registry);
    this.authenticator = new ApiKeyAuthenticator(
      new ApiKeyRepository(this.db),
      config.keyCacheTtlMs,
      this.subscriber,
      config.redisPrefix,
      registry,
    );
    const clients = new ClientLimiter(
      {
        requestsPerMinute: config.clientRequestsPerMinute,
        unknownKeysPerMinute: config.clientUnknownKeysPerMinute,
      },
      registry,
    );
    const limiter = new RateLimiter(
      new RateLimitStore(this.redis, config.redisPrefix, config.redisTimeoutMs),
      registry,
    );
    this.access = new AccessService(this.authenticator, clients, limiter, config.routes.plans);
    this.guide = new GuideService(
      config.routes.guide,
      config.publicBaseUrl,
      this.upstreams,
      registry,
    );
  }

  /** Connects to Redis where it can; the gateway also starts (and serves) while Redis is down. */
  async start(): Promise<void> {
    await this.redis.connect().catch(() => undefined);
    await this.authenticator.start(SUBSCRIBE_WAIT_MS);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    this.subscriber.disconnect();
    await this.upstreams.close();
    await this.db.destroy();
  }
}
