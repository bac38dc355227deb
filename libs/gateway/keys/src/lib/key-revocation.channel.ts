import type { Redis } from 'ioredis';

/** The Redis pub/sub channel on which revoked key ids are announced to every gateway replica. */
export function keyRevocationChannel(redisPrefix: string): string {
  return `${redisPrefix}:keys:revoked`;
}

/** Announces a revocation; returns how many gateway replicas were listening. */
export function publishKeyRevocation(
  redis: Redis,
  redisPrefix: string,
  id: string,
): Promise<number> {
  return redis.publish(keyRevocationChannel(redisPrefix), id);
}
