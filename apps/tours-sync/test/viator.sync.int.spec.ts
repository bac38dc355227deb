import { Registry } from 'prom-client';
import { sql } from 'kysely';
import { ToursDatabase } from '@waypost/tours/schema';
import { AnySyncSource, SyncLogger } from '@waypost/shared/sync';
import {
  TEST_REDIS_URL,
  TestDatabase,
  createTestDatabase,
  uniqueRedisPrefix,
  waitFor,
} from '@waypost/shared/testing';
import {
  DEFAULT_VIATOR_API_KEY,
  VIATOR_FIXTURE_DESTINATIONS,
  VIATOR_FIXTURE_PRODUCTS,
  ViatorStandIn,
  encodeViatorCursor,
  startViatorStandIn,
  viatorFixtureCatalogue,
} from '@waypost/dev-sources/viator';
import { ToursSync } from '../src/tours-sync';
import { loadToursSyncConfig } from '../src/tours-sync.config';
import { seedTourPlaces } from './tour-places.seed';

const warnings: object[] = [];
const LOGGER: SyncLogger = {
  info: () => undefined,
  warn: (obj) => void warnings.push(obj),
  error: () => undefined,
};

const FIXTURE = Object.values(VIATOR_FIXTURE_PRODUCTS);
const ACTIVE_VALID = FIXTURE.filter((p) => p.record.status === 'ACTIVE' && !p.invalidBecause);
const INVALID = FIXTURE.filter((p) => p.invalidBecause);

describe('tours-sync: viator against the Viator stand-in over HTTP, PostGIS and Redis', () => {
  let waypost: TestDatabase<ToursDatabase>;
  let standIn: ViatorStandIn;
  let sync: ToursSync;
  let source: AnySyncSource;

  async function start(
    env: Record<string, string> = {},
    rateLimit?: { limit: number; windowSeconds: number },
  ) {
    standIn = await startViatorStandIn(viatorFixtureCatalogue(rateLimit ? { rateLimit } : {}));
    sync = new ToursSync(
      loadToursSyncConfig({
        DATABASE_URL: waypost.url,
        REDIS_URL: TEST_REDIS_URL,
        SYNC_QUEUE_PREFIX: uniqueRedisPrefix('tours-sync'),
        SYNC_RETRY_BACKOFF_MS: '100',
        TOURS_VIATOR_URL: standIn.url,
        TOURS_VIATOR_PAGE_SIZE: '3',
        // Nothing reachable: only the viator source is run here.
        TOURS_GADVENTURES_URL: 'http://127.0.0.1:9',
        ...env,
      }),
      new Registry(),
      LOGGER,
    );
    source = sync.sources.find((s) => s.name === 'viator')!;
  }

  beforeEach(async () => {
    warnings.length = 0;
    waypost = await createTestDatabase();
    await seedTourPlaces(waypost.url);
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
      .where('source', '=', 'viator')
      .orderBy('sourceId')
      .execute();
  const deadLetters = () =>
    waypost.db
      .selectFrom('tours.deadLetters')
      .select(['sourceId', 'reason'])
      .orderBy('sourceId')
      .execute();
  const watermark = async () =>
    (
      await waypost.db
        .selectFrom('tours.syncWatermarks')
        .select('watermark')
        .where('source', '=', 'viator')
        .executeTakeFirst()
    )?.watermark;

  it('first sync: every ACTIVE product, in itinerary order with its start apart, the broken ones dead-lettered', async () => {
    await start();
    await expect(run()).resolves.toMatchObject({
      status: 'succeeded',
      counts: { inserted: ACTIVE_VALID.length, invalid: INVALID.length, updated: 0, deleted: 0 },
      pages: Math.ceil(FIXTURE.length / 3),
    });
    const synced = new Map((await rows()).map((r) => [r.sourceId, r]));
    expect([...synced.keys()].sort()).toEqual(ACTIVE_VALID.map((p) => p.record.productCode).sort());
    for (const fixture of ACTIVE_VALID) {
      const row = synced.get(fixture.record.productCode)!;
      expect({ code: row.sourceId, visited: row.directPlaceIds, start: row.startPlaceId }).toEqual({
        code: fixture.record.productCode,
        visited: fixture.expectedPlaceCodes,
        start: fixture.expectedStartPlaceCode,
      });
      expect(row.placeIds).toEqual(expect.arrayContaining(row.directPlaceIds));
    }
    const alps = synced.get('7781ALPS')!;
    expect(alps).toMatchObject({
      operator: 'viator',
      title: 'Munich, Salzburg and Vienna in Three Days',
      durationMinutes: 3 * 24 * 60,
      priceAmount: 690,
      priceCurrency: 'EUR',
      ratingAverage: 4.6,
      ratingCount: 120,
      bookingUrl: expect.stringContaining('/tours/7781ALPS'),
    });
    expect(alps.images).toEqual([
      expect.objectContaining({
        url: 'https://media.viator.example/7781ALPS/720x480.jpg',
        width: 720,
      }),
    ]);
    // Indexed from every country and region it crosses and from the continent, not elsewhere.
    expect(alps.placeIds).toEqual(
      expect.arrayContaining([
        'continent-eu',
        'country-de',
        'region-de-02',
        'country-at',
        'region-at-05',
        'region-at-09',
      ]),
    );
    expect(alps.placeIds).not.toContain('country-fr');
    // The variable duration is its lower bound; the tour whose destination maps nowhere is kept, unindexed.
    expect(synced.get('6060PARNIGHT')!.durationMinutes).toBe(180);
    expect(synced.get('7070LOST')).toMatchObject({
      directPlaceIds: [],
      placeIds: [],
      startPlaceId: null,
    });
    expect(await deadLetters()).toEqual(
      INVALID.map((p) => ({ sourceId: p.record.productCode, reason: expect.any(String) })).sort(
        (a, b) => (a.sourceId < b.sourceId ? -1 : 1),
      ),
    );
  });

  it('maps the destination tree once per sync, three Victorias each to its own, and reports what maps to nothing', async () => {
    await start();
    await run();
    const stored = await waypost.db
      .selectFrom('tours.viatorDestinations')
      .select(['destinationId', 'placeId', 'mappedBy'])
      .execute();
    const byId = new Map(stored.map((d) => [d.destinationId, d]));
    for (const d of Object.values(VIATOR_FIXTURE_DESTINATIONS)) {
      expect({ name: d.name, place: byId.get(d.destinationId)?.placeId }).toEqual({
        name: d.name,
        place: d.expectedPlaceCode,
      });
    }
    expect(byId.get(VIATOR_FIXTURE_DESTINATIONS.victoriaSeychelles.destinationId)!.mappedBy).toBe(
      'parent',
    );
    expect(warnings).toEqual([
      expect.objectContaining({
        unmapped: 2,
        destinations: expect.arrayContaining([
          expect.stringContaining('Mahé'),
          expect.stringContaining('Costa Perdida'),
        ]),
      }),
    ]);
    await run();
    const destinationRequests = standIn.catalogue
      .requests()
      .filter((r) => r.route === 'destinations');
    expect(destinationRequests).toHaveLength(2); // once per sync, not per page
  });

  it('incremental: resumes from the stored cursor, applies edits and INACTIVE deletes', async () => {
    await start();
    await run();
    const before = await rows();
    // Nothing changed: the last page is read again (its cursor is the watermark) and left as it is.
    await expect(run()).resolves.toMatchObject({ counts: { inserted: 0, updated: 0, deleted: 0 } });

    standIn.catalogue.edit('5010MUC', {
      pricing: { summary: { fromPrice: 27.5 }, currency: 'EUR' },
    });
    standIn.catalogue.deactivate('3301BERFOOD');
    await expect(run()).resolves.toMatchObject({ counts: { inserted: 0, updated: 1, deleted: 1 } });
    const after = new Map((await rows()).map((r) => [r.sourceId, r]));
    expect(after.has('3301BERFOOD')).toBe(false);
    expect(after.get('5010MUC')!.priceAmount).toBe(27.5);
    expect(after.get('7781ALPS')!.syncedAt).toEqual(
      before.find((r) => r.sourceId === '7781ALPS')!.syncedAt,
    );
    const rollup = await waypost.db
      .selectFrom('tours.toursByPlace')
      .select('id')
      .where('id', '=', 'viator-3301BERFOOD')
      .execute();
    expect(rollup).toEqual([]);
  });

  it('a crash after page 2 of 5 resumes from the committed cursor: counts equal the source, nothing doubled', async () => {
    await start({ TOURS_VIATOR_MAX_RETRIES: '0' });
    const third = encodeViatorCursor(6);
    standIn.catalogue.failRequests('products', 500, {
      times: 1,
      where: (params) => params.get('cursor') === third,
    });
    await expect(run()).rejects.toThrow(/answered 500/);
    expect(await watermark()).toEqual({ cursor: third });
    const firstSix = FIXTURE.slice(0, 6).filter(
      (p) => p.record.status === 'ACTIVE' && !p.invalidBecause,
    );
    expect((await rows()).map((r) => r.sourceId).sort()).toEqual(
      firstSix.map((p) => p.record.productCode).sort(),
    );

    const resumed = await run();
    expect(resumed).toMatchObject({ status: 'succeeded', counts: { updated: 0, unchanged: 0 } });
    const feedRequests = standIn.catalogue.requests().filter((r) => r.route === 'products');
    // Page 1, page 2, the failed page 3; then the resumed run starts at page 3.
    expect(feedRequests.slice(3).map((r) => r.params.get('cursor'))[0]).toBe(third);
    const all = await rows();
    expect(all).toHaveLength(ACTIVE_VALID.length);
    expect(new Set(all.map((r) => r.sourceId)).size).toBe(all.length);
    const { rows: runs } = await sql<{ inserted: number }>`
      select (counts->>'inserted')::int as inserted from tours.sync_runs where source = 'viator'`.execute(
      waypost.db,
    );
    expect(runs.reduce((n, r) => n + r.inserted, 0)).toBe(ACTIVE_VALID.length);
  });

  it('honours 429 and Retry-After, and holds requests when RateLimit-Remaining reaches 0', async () => {
    await start({ TOURS_VIATOR_PAGE_SIZE: '5' }, { limit: 3, windowSeconds: 1 });
    // Another client of the same key spends the window's budget first.
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${standIn.url}/destinations`, {
        headers: { 'exp-api-key': DEFAULT_VIATOR_API_KEY, accept: 'application/json;version=2.0' },
      });
      await response.arrayBuffer();
    }
    await expect(run()).resolves.toMatchObject({
      status: 'succeeded',
      counts: { inserted: ACTIVE_VALID.length },
    });
    const statuses = standIn.catalogue
      .requests()
      .slice(3)
      .map((r) => r.status);
    // One 429, answered by waiting for the window, then no more: four requests, each let through.
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1 + Math.ceil(FIXTURE.length / 5));
    expect(standIn.catalogue.budget.rejected).toBe(1);
  });

  it('runs on its schedule on a real BullMQ worker', async () => {
    await start();
    await sync.start();
    await waitFor('the first scheduled run', async () =>
      (await rows()).length === ACTIVE_VALID.length ? true : undefined,
    );
    const schedulers = await sync.queue.queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain('sync:viator');
  });
});
