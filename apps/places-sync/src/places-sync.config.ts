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
  /** Enrichment from Google Places; null without an API key (the source is left out). */
  readonly googlePlaces: GooglePlacesSettings | null;
}

export interface GooglePlacesSettings {
  /** The Places API (New) base URL (`https://places.googleapis.com`, or a stand-in's). */
  readonly url: string;
  readonly apiKey: string;
  /** Place Details requests per UTC day, over every run. */
  readonly dailyBudget: number;
  readonly requestsPerSecond: number;
  /** A place fetched longer ago is fetched again. */
  readonly ttlMs: number;
  readonly everyMs: number;
  readonly timeoutMs: number;
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
    googlePlaces: loadGooglePlacesSettings(env),
  };
}

function loadGooglePlacesSettings(env: Env): GooglePlacesSettings | null {
  const apiKey = envString(env, 'GOOGLE_PLACES_API_KEY', '');
  const settings = {
    url: envUrl(env, 'GOOGLE_PLACES_URL', 'https://places.googleapis.com', ['https:', 'http:']),
    apiKey,
    dailyBudget: envInt(env, 'GOOGLE_PLACES_DAILY_BUDGET', 5_000, 1),
    requestsPerSecond: envInt(env, 'GOOGLE_PLACES_REQUESTS_PER_SECOND', 5, 1, 1_000),
    ttlMs: envInt(env, 'GOOGLE_PLACES_TTL_HOURS', 7 * 24, 1, 365 * 24) * 3_600_000,
    everyMs: envInt(env, 'SYNC_GOOGLE_PLACES_EVERY_MS', 15 * 60_000, 1_000),
    timeoutMs: envInt(env, 'GOOGLE_PLACES_TIMEOUT_MS', 10_000, 100, 120_000),
  };
  return apiKey ? settings : null;
}
