import { Registry } from 'prom-client';
import { ToursDatabase } from '@waypost/tours/schema';
import { AnySyncSource, SyncLogger } from '@waypost/shared/sync';
import {
  TEST_REDIS_URL,
  TestDatabase,
  createTestDatabase,
  uniqueRedisPrefix,
} from '@waypost/shared/testing';
import {
  GADVENTURES_FIXTURE_DOSSIERS,
  GADVENTURES_FIXTURE_PLACES,
  GAdventuresStandIn,
  gAdventuresFixtureCatalogue,
  gDossier,
  startGAdventuresStandIn,
} from '@waypost/dev-sources/gadventures';
import { ToursSync } from '../src/tours-sync';
import { loadToursSyncConfig } from '../src/tours-sync.config';
import { seedTourPlaces } from './tour-places.seed';

const SILENT: SyncLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const FIXTURE = Object.values(GADVENTURES_FIXTURE_DOSSIERS);
const VALID = FIXTURE.filter((d) => !d.invalidBecause);

describe('tours-sync: gadventures against the G Adventures stand-in over HTTP, PostGIS and Redis', () => {
  let waypost: TestDatabase<ToursDatabase>;
  let standIn: GAdventuresStandIn;
  let sync: ToursSync;
  let source: AnySyncSource;

  beforeEach(async () => {
    waypost = await createTestDatabase();
    await seedTourPlaces(waypost.url);
    standIn = await startGAdventuresStandIn(gAdventuresFixtureCatalogue());
    sync = new ToursSync(
      loadToursSyncConfig({
        DATABASE_URL: waypost.url,
        REDIS_URL: TEST_REDIS_URL,
        SYNC_QUEUE_PREFIX: uniqueRedisPrefix('tours-sync'),
        SYNC_RETRY_BACKOFF_MS: '100',
        TOURS_GADVENTURES_URL: standIn.url,
        TOURS_GADVENTURES_PAGE_SIZE: '3',
        TOURS_VIATOR_URL: 'http://127.0.0.1:9',
      }),
      new Registry(),
      SILENT,
    );
    source = sync.sources.find((s) => s.name === 'gadventures')!;
  });

  afterEach(async () => {
    await sync?.close();
    await standIn?.close();
    await waypost?.drop();
  });

  const run = () => sync.runner.run(source, { trigger: 'test' });
  const rows = () =>
    waypost.db
      .selectFrom('tours.tours')
      .selectAll()
      .where('source', '=', 'gadventures')
      .orderBy('sourceId')
      .execute();
  const rolledUpAt = async (placeId: string) =>
    (
      await waypost.db
        .selectFrom('tours.toursByPlace')
        .select('id')
        .where('placeId', '=', placeId)
        .orderBy('id')
        .execute()
    ).map((r) => r.id);

  it('first sync: every dossier at the places its itinerary visits, in order, with departures and price', async () => {
    await expect(run()).resolves.toMatchObject({
      status: 'succeeded',
      counts: { inserted: VALID.length, invalid: 1, updated: 0, deleted: 0 },
    });
    const synced = new Map((await rows()).map((r) => [r.sourceId, r]));
    for (const fixture of VALID) {
      const row = synced.get(fixture.record.dossier.id)!;
      expect({ id: row.sourceId, visited: row.directPlaceIds, start: row.startPlaceId }).toEqual({
        id: fixture.record.dossier.id,
        visited: fixture.expectedPlaceCodes,
        start: fixture.expectedStartPlaceCode,
      });
    }
    const alps = synced.get('21001')!;
    expect(alps).toMatchObject({
      operator: 'gadventures',
      title: 'Munich, Salzburg & Vienna',
      priceAmount: 1190,
      priceCurrency: 'EUR',
      ratingAverage: null,
      ratingCount: 0,
      bookingUrl: expect.stringContaining('/EMSV/'),
    });
    expect(alps.durationMinutes).toBe(
      GADVENTURES_FIXTURE_DOSSIERS.munichToVienna.record.dossier.structured_itineraries[0]!
        .duration *
        24 *
        60,
    );
    expect(alps.departures.map((d) => d.startDate)).toEqual([
      '2026-05-01',
      '2026-07-02',
      '2026-09-03',
    ]);
    expect(alps.departures[0]).toMatchObject({ price: { amount: '1190.00', currency: 'EUR' } });
    const deadLetters = await waypost.db
      .selectFrom('tours.deadLetters')
      .select(['sourceId', 'reason'])
      .execute();
    expect(deadLetters).toEqual([
      { sourceId: '21007', reason: expect.stringContaining('no name') },
    ]);
  });

  it('a multi-country tour is found from each country, each region, and the continent', async () => {
    await run();
    for (const place of [
      'country-de',
      'region-de-02',
      'country-at',
      'region-at-05',
      'region-at-09',
      'continent-eu',
      'world',
    ]) {
      expect({ place, tours: await rolledUpAt(place) }).toEqual({
        place,
        tours: expect.arrayContaining(['gadventures-21001']),
      });
    }
    expect(await rolledUpAt('country-fr')).not.toContain('gadventures-21001');
  });

  it('incremental: only dossiers modified since the watermark, new ones added', async () => {
    await run();
    const before = new Map((await rows()).map((r) => [r.sourceId, r]));
    await expect(run()).resolves.toMatchObject({
      counts: { inserted: 0, updated: 0, unchanged: 0, deleted: 0 },
    });
    standIn.catalogue.update('21002', { name: 'Berlin & Hamburg in Winter' });
    const GP = GADVENTURES_FIXTURE_PLACES;
    standIn.catalogue.add(
      gDossier(21050, 'Hamburg to Vienna', 'EHVI', [GP.hamburg, GP.vienna], 10, 870),
    );
    await expect(run()).resolves.toMatchObject({
      counts: { inserted: 1, updated: 1, unchanged: 0, deleted: 0 },
    });
    const after = new Map((await rows()).map((r) => [r.sourceId, r]));
    expect(after.get('21002')!.title).toBe('Berlin & Hamburg in Winter');
    expect(after.get('21050')!.directPlaceIds).toEqual(['city-2911298', 'city-2761369']);
    expect(after.get('21001')!.syncedAt).toEqual(before.get('21001')!.syncedAt);
  });

  it('a vanished dossier is deleted by reconciliation, not by a pull', async () => {
    await run();
    standIn.catalogue.remove('21004');
    await expect(run()).resolves.toMatchObject({ counts: { deleted: 0 } });
    expect((await rows()).map((r) => r.sourceId)).toContain('21004');
    await expect(sync.runner.reconcile(source, { trigger: 'test' })).resolves.toMatchObject({
      status: 'succeeded',
      counts: { deleted: 1 },
    });
    expect((await rows()).map((r) => r.sourceId)).not.toContain('21004');
    expect(await rolledUpAt('city-2988507')).not.toContain('gadventures-21004');
  });

  it('honours 429 with Retry-After and still finishes', async () => {
    standIn.catalogue.budget.limit = 0;
    const restore = setTimeout(() => (standIn.catalogue.budget.limit = 50), 1_500);
    try {
      await expect(run()).resolves.toMatchObject({
        status: 'succeeded',
        counts: { inserted: VALID.length },
      });
    } finally {
      clearTimeout(restore);
    }
    const statuses = standIn.catalogue.requests().map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    // Waiting Retry-After between attempts: a few refusals, not a burst of them.
    expect(statuses.filter((s) => s === 429).length).toBeLessThanOrEqual(3);
  });
});
