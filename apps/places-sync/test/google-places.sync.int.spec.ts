import { sql } from 'kysely';
import { Registry } from 'prom-client';
import {
  CMS_FIXTURE_POINTS_OF_INTEREST,
  CmsWriter,
  seedCmsFixture,
} from '@waypost/dev-sources/cms';
import {
  GOOGLE_FIXTURE_API_KEY,
  GOOGLE_PLACES_FIXTURE,
  GooglePlacesStandIn,
  googlePlacesFixture,
  startGooglePlacesStandIn,
} from '@waypost/dev-sources/google-places';
import { PlacesDatabase } from '@waypost/places/schema';
import { SyncLogger } from '@waypost/shared/sync';
import {
  TEST_REDIS_URL,
  TestDatabase,
  createTestDatabase,
  uniqueRedisPrefix,
} from '@waypost/shared/testing';
import { PlacesSync } from '../src/places-sync';
import { loadPlacesSyncConfig } from '../src/places-sync.config';
import { GooglePlacesSource } from '../src/sources/google-places.source';

const SILENT: SyncLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const G = GOOGLE_PLACES_FIXTURE;
const POI = CMS_FIXTURE_POINTS_OF_INTEREST;
/** The valid fixture POIs with a Google id (every handle of GOOGLE_PLACES_FIXTURE). */
const LINKED = Object.values(G).map((g) => g.id);
const TTL_HOURS = 24;

describe('places sync: Google Places enrichment against the Places API stand-in over HTTP', () => {
  let waypost: TestDatabase<PlacesDatabase>;
  let cms: TestDatabase<unknown>;
  let google: GooglePlacesStandIn;
  let sync: PlacesSync;
  /** The stand-in's quota clock (ms): moved by hand, never the wall clock. */
  let clock: number;

  const start = async (env: Record<string, string> = {}) => {
    sync = new PlacesSync(
      loadPlacesSyncConfig({
        DATABASE_URL: waypost.url,
        CMS_DATABASE_URL: cms.url,
        REDIS_URL: TEST_REDIS_URL,
        SYNC_SETTLE_MS: '0',
        SYNC_QUEUE_PREFIX: uniqueRedisPrefix('places-sync-google'),
        SYNC_PLACES_EVERY_MS: '3600000',
        SYNC_POINTS_OF_INTEREST_EVERY_MS: '3600000',
        SYNC_RETRY_BACKOFF_MS: '200',
        GOOGLE_PLACES_URL: google.url,
        GOOGLE_PLACES_API_KEY: GOOGLE_FIXTURE_API_KEY,
        GOOGLE_PLACES_REQUESTS_PER_SECOND: '1000',
        GOOGLE_PLACES_TTL_HOURS: String(TTL_HOURS),
        ...env,
      }),
      new Registry(),
      SILENT,
    );
  };

  beforeEach(async () => {
    waypost = await createTestDatabase<PlacesDatabase>();
    cms = await createTestDatabase({ empty: true });
    await seedCmsFixture(cms.url);
    clock = 0;
    google = await startGooglePlacesStandIn({
      places: googlePlacesFixture(),
      apiKeys: [GOOGLE_FIXTURE_API_KEY],
      now: () => clock,
    });
  });

  afterEach(async () => {
    await sync?.close();
    await google.close();
    await waypost.drop();
    await cms.drop();
  });

  const googleSource = () => {
    const source = sync.sources[2];
    if (!(source instanceof GooglePlacesSource)) throw new Error('no google-places source');
    return source;
  };
  const runCms = async () => {
    await sync.runner.run(sync.sources[0], { trigger: 'test' });
    await sync.runner.run(sync.sources[1], { trigger: 'test' });
  };
  const runGoogle = () => sync.runner.run(googleSource(), { trigger: 'test' });
  const poi = (id: number) =>
    waypost.db
      .selectFrom('places.pointsOfInterest')
      .selectAll()
      .where('id', '=', `poi-${id}`)
      .executeTakeFirstOrThrow();
  const askedSince = (before: number) => google.places.stats().ids.slice(before);
  const age = (ids: number[], hours: number) =>
    sql`update places.points_of_interest
        set google_fetched_at = google_fetched_at - ${hours} * interval '1 hour'
        where id = any(${ids.map((i) => `poi-${i}`)})`.execute(waypost.db);

  it('enriches linked points of interest once: Google fills the gaps, the CMS keeps its own fields', async () => {
    await start();
    await runCms();
    const run = await runGoogle();

    expect(run).toMatchObject({ status: 'succeeded', counts: { updated: LINKED.length } });
    expect(new Set(google.places.stats().ids)).toEqual(new Set(LINKED));
    const gate = await poi(POI.brandenburgGate.id);
    expect(gate).toMatchObject({
      name: 'Brandenburg Gate', // not Google's "Brandenburger Tor"
      address: 'Pariser Platz, 10117 Berlin', // the CMS's
      googleAddress: 'Pariser Platz, 10117 Berlin, Germany',
      googleRating: 4.7,
      googleWebsite: null,
      googleBusinessStatus: 'OPERATIONAL',
      permanentlyClosed: false,
      timeZone: 'Europe/Berlin',
    });
    expect(gate.googleOpeningHours?.['mon']).toEqual([['00:00', '24:00']]);
    expect(gate.googleFetchedAt).toBeInstanceOf(Date);
    const market = await poi(POI.unplacedNearLisbon.id);
    expect(market.timeZone).toBe('Europe/Lisbon');
    expect(market.googleOpeningHours).toMatchObject({
      fri: [['10:00', '02:00']],
      sat: [['10:00', '02:00']],
      sun: [['10:00', '24:00']],
    });
    expect((await poi(POI.eiffelTowerTexas.id)).timeZone).toBe('America/Chicago');

    // Nothing is due before the TTL: a second run asks Google nothing.
    const before = google.places.stats().requests;
    expect(await runGoogle()).toMatchObject({ status: 'succeeded', pages: 0 });
    expect(google.places.stats().requests).toBe(before);
  });

  it('leaves a point of interest without a Google id untouched', async () => {
    await start();
    await runCms();
    const untouched = await poi(POI.eiffelTower.id);
    await runGoogle();

    expect(await poi(POI.eiffelTower.id)).toEqual(untouched);
    expect(untouched).toMatchObject({
      googlePlaceId: null,
      googleFetchedAt: null,
      googleAddress: null,
      timeZone: 'Europe/Paris',
    });
  });

  it('refreshes a place after the TTL, and only that one, with what Google says now', async () => {
    await start();
    await runCms();
    await runGoogle();
    const first = await poi(POI.pergamonMuseum.id);
    const [pergamon] = googlePlacesFixture().filter((p) => p.id === G.pergamonMuseum.id);
    google.places.setPlace({ ...pergamon!, rating: 3.9 });

    await age([POI.pergamonMuseum.id], TTL_HOURS - 1);
    const before = google.places.stats().requests;
    await runGoogle();
    expect(askedSince(before)).toEqual([]);
    expect((await poi(POI.pergamonMuseum.id)).googleRating).toBe(4.6);

    await age([POI.pergamonMuseum.id], 2);
    await runGoogle();
    expect(askedSince(before)).toEqual([G.pergamonMuseum.id]);
    const refreshed = await poi(POI.pergamonMuseum.id);
    expect(refreshed.googleRating).toBe(3.9);
    expect(refreshed.googleFetchedAt!.getTime()).toBeGreaterThan(first.googleFetchedAt!.getTime());
  });

  it('stops at the daily budget; the next day goes on where it stopped', async () => {
    await start({ GOOGLE_PLACES_DAILY_BUDGET: '3' });
    await runCms();

    expect(await runGoogle()).toMatchObject({ status: 'succeeded', counts: { updated: 3 } });
    const firstDay = google.places.stats().ids;
    expect(firstDay).toHaveLength(3);
    // The budget is spent for today: the next run asks nothing.
    expect(await runGoogle()).toMatchObject({ status: 'succeeded', pages: 0 });
    expect(google.places.stats().requests).toBe(3);

    await sql`update places.google_places_usage set day = day - 1`.execute(waypost.db);
    await runGoogle();
    await sql`update places.google_places_usage set day = day - 1`.execute(waypost.db);
    await runGoogle();
    const asked = google.places.stats().ids;
    expect(new Set(asked)).toEqual(new Set(LINKED));
    expect(asked).toHaveLength(LINKED.length); // none asked twice
  });

  it('stops at a 429 mid-run and the next run goes on from the place it was refused', async () => {
    await start();
    await runCms();
    google.places.setQuotas({ perMinute: 2 });

    expect(await runGoogle()).toMatchObject({ status: 'succeeded', counts: { updated: 2 } });
    const stats = google.places.stats();
    expect(stats).toMatchObject({ ok: 2, exhausted: 1 });
    const refused = stats.ids[2]!;

    clock += 60_000;
    google.places.setQuotas({ perMinute: 600 });
    await runGoogle();
    const next = google.places.stats().ids.slice(3);
    expect(next[0]).toBe(refused);
    expect(new Set([...stats.ids.slice(0, 2), ...next])).toEqual(new Set(LINKED));
    expect(next).toHaveLength(LINKED.length - 2);
  });

  it('clears the link on NOT_FOUND and does not relink the same id when the CMS row changes', async () => {
    await start();
    await runCms();
    await runGoogle();

    expect(await poi(POI.miniaturWunderland.id)).toMatchObject({
      googlePlaceId: null,
      googlePlaceIdNotFound: G.miniaturWunderland.id,
      googleFetchedAt: null,
    });
    const writer = new CmsWriter(cms.url);
    try {
      await writer.updatePointOfInterest(POI.miniaturWunderland.id, {
        name: 'Miniatur Wunderland Hamburg',
      });
    } finally {
      await writer.close();
    }
    await runCms();
    const before = google.places.stats().requests;
    await runGoogle();
    expect(google.places.stats().requests).toBe(before);
    expect(await poi(POI.miniaturWunderland.id)).toMatchObject({
      name: 'Miniatur Wunderland Hamburg',
      googlePlaceId: null,
    });
  });

  it('flags a permanently closed place', async () => {
    await start();
    await runCms();
    await runGoogle();

    expect(await poi(POI.belemTower.id)).toMatchObject({
      permanentlyClosed: true,
      googleBusinessStatus: 'CLOSED_PERMANENTLY',
      googleOpeningHours: null,
      googleAddress: 'Av. Brasília, 1400-038 Lisboa, Portugal',
    });
    expect((await poi(POI.pergamonMuseum.id)).permanentlyClosed).toBe(false);
  });

  it('never overwrites a CMS edit with Google', async () => {
    await start();
    await runCms();
    await runGoogle();
    const writer = new CmsWriter(cms.url);
    try {
      await writer.updatePointOfInterest(POI.unplacedInMitte.id, {
        name: 'Einstein Unter den Linden',
        address: 'Unter den Linden 42, Berlin',
      });
    } finally {
      await writer.close();
    }
    await runCms();
    await age([POI.unplacedInMitte.id], TTL_HOURS + 1);
    await runGoogle();

    const cafe = await poi(POI.unplacedInMitte.id);
    expect(cafe).toMatchObject({
      name: 'Einstein Unter den Linden',
      address: 'Unter den Linden 42, Berlin',
      openingHours: POI.unplacedInMitte.openingHours,
      googleAddress: 'Unter den Linden 42, 10117 Berlin, Germany',
    });
    expect(cafe.googleOpeningHours?.['sun']).toEqual([['09:00', '18:00']]);
  });
});
