import { BaseConfig, Env, envInt, envString, envUrl, loadBaseConfig } from '@waypost/shared/config';
import { withDatabase } from '@waypost/shared/db';
import {
  DEFAULT_SYNC_QUEUE_PREFIX,
  SYNC_JOB_BACKOFF_MS,
  SyncLimits,
  loadSyncLimits,
} from '@waypost/shared/sync';

export const PLACES_SYNC_PORT = 3201;

export interface PlacesSyncConfig extends BaseConfig {
  readonly cmsDatabaseUrl: string;
  readonly pageSize: number;
  readonly settleMs: number;
  readonly placesEveryMs: number;
  readonly pointsOfInterestEveryMs: number;
  /** First retry delay of a failed run; doubles per attempt. */
  readonly retryBackoffMs: number;
  /** BullMQ key prefix (tests use their own). */
  readonly queuePrefix: string;
  /** Statement timeouts (the CMS and the target), page timeout, stale-run limit. */
  readonly limits: SyncLimits;
}

/** Reads places-sync's settings once, at boot; a bad value stops it with the variable's name. */
export function loadPlacesSyncConfig(env: Env): PlacesSyncConfig {
  const base = loadBaseConfig(env, PLACES_SYNC_PORT);
  return {
    ...base,
    cmsDatabaseUrl: envUrl(env, 'CMS_DATABASE_URL', withDatabase(base.databaseUrl, 'cms'), [
      'postgres:',
      'postgresql:',
    ]),
    pageSize: envInt(env, 'SYNC_PAGE_SIZE', 2000, 1, 50_000),
    settleMs: envInt(env, 'SYNC_SETTLE_MS', 2_000, 0, 600_000),
    placesEveryMs: envInt(env, 'SYNC_PLACES_EVERY_MS', 15 * 60_000, 1_000),
    pointsOfInterestEveryMs: envInt(env, 'SYNC_POINTS_OF_INTEREST_EVERY_MS', 5 * 60_000, 1_000),
    retryBackoffMs: envInt(env, 'SYNC_RETRY_BACKOFF_MS', SYNC_JOB_BACKOFF_MS, 10),
    queuePrefix: envString(env, 'SYNC_QUEUE_PREFIX', DEFAULT_SYNC_QUEUE_PREFIX),
    limits: loadSyncLimits(env),
  };
}
