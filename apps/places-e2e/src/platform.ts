import { seedCmsFixture } from '@waypost/dev-sources/cms';
import {
  GOOGLE_FIXTURE_API_KEY,
  GooglePlacesStandIn,
  googlePlacesFixture,
  startGooglePlacesStandIn,
} from '@waypost/dev-sources/google-places';
import {
  AppProcess,
  TEST_REDIS_URL,
  createTestDatabase,
  startAppProcess,
  uniqueRedisPrefix,
  waitForSync,
  waitUntilReady,
} from '@waypost/shared/testing';

const CMS_SOURCES = ['cms-places', 'cms-points-of-interest'];

export interface RunningPlatform {
  readonly apiUrl: string;
  readonly syncUrl: string;
  readonly cmsUrl: string;
  /** The Places API stand-in places-sync enriches points of interest from. */
  readonly google: GooglePlacesStandIn;
  /** Resolves once the sources (default: both) have had a successful run after `since` (unix seconds). */
  syncedAfter(since: number, sources?: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The places platform as a client meets it: a CMS database with the fixture, PostGIS from the
 * migrated template, Redis, and places-sync and places-api started as processes on free ports.
 */
export async function startPlatform(
  options: { pointsOfInterestEveryMs?: number } = {},
): Promise<RunningPlatform> {
  const waypost = await createTestDatabase();
  const cms = await createTestDatabase({ empty: true });
  await seedCmsFixture(cms.url);
  const google = await startGooglePlacesStandIn({
    places: googlePlacesFixture(),
    apiKeys: [GOOGLE_FIXTURE_API_KEY],
  });
  const sync: AppProcess = await startAppProcess('apps/places-sync/src/main.ts', {
    DATABASE_URL: waypost.url,
    CMS_DATABASE_URL: cms.url,
    REDIS_URL: TEST_REDIS_URL,
    SYNC_QUEUE_PREFIX: uniqueRedisPrefix('e2e'),
    SYNC_SETTLE_MS: '0',
    SYNC_POINTS_OF_INTEREST_EVERY_MS: String(options.pointsOfInterestEveryMs ?? 3_600_000),
    GOOGLE_PLACES_URL: google.url,
    GOOGLE_PLACES_API_KEY: GOOGLE_FIXTURE_API_KEY,
    GOOGLE_PLACES_REQUESTS_PER_SECOND: '100',
    SYNC_GOOGLE_PLACES_EVERY_MS: '1000',
  });
  const api = await startAppProcess('apps/places-api/src/main.ts', { DATABASE_URL: waypost.url });
  const apps = [sync, api];
  await waitUntilReady(apps);
  await waitForSync(sync, CMS_SOURCES, 0);

  return {
    apiUrl: api.url,
    syncUrl: sync.url,
    cmsUrl: cms.url,
    google,
    syncedAfter: (since, sources = CMS_SOURCES) => waitForSync(sync, sources, since),
    async stop() {
      await Promise.all(apps.map((app) => app.stop()));
      await google.close();
      await waypost.drop();
      await cms.drop();
    },
  };
}
