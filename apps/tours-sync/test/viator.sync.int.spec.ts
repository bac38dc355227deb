import { Registry } from 'prom-client';
import { ToursDatabase } from '@waypost/tours/schema';
import { seedFixturePlaces } from '@waypost/places/testing';
import { AnySyncSource, SyncLogger } from '@waypost/shared/sync';
import {
  TEST_REDIS_URL,
  TestDatabase,
  createTestDatabase,
  uniqueRedisPrefix,
  waitFor,
} from '@waypost/shared/testing';
import { ToursSync } from '../src/tours-sync';
import { loadToursSyncConfig } from '../src/tours-sync.config';
import { ViatorRecord } from '../src/sources/viator.record';
import { ViatorStandIn, startViatorStandIn } from './viator.stand-in';

const SILENT: SyncLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Three records the gazetteer places (Berlin; Paris, France; Paris, Texas) and two it cannot sync. */
const FIXTURE: readonly ViatorRecord[] = [
  {
    id: 'r1',
    name: 'Brandenburg Gate',
    latitude: 52.5163,
    longitude: 13.3777,
    places: ['Berlin'],
    updatedAt: '2026-01-01T00:00:00.000Z',
  },
  {
    id: 'r2',
    name: 'Eiffel Tower',
    latitude: 48.8584,
    longitude: 2.2945,
    places: ['Paris', 'France'],
    updatedAt: '2026-01-02T00:00:00.000Z',
  },
  {
    id: 'r3',
    name: 'Paris Texas Tower',
    latitude: 33.66,
    longitude: -95.555,
    places: ['Paris', 'Texas'],
    updatedAt: '2026-01-03T00:00:00.000Z',
  },
  {
    id: 'r4',
    name: ' ',
    latitude: 52.52,
    longitude: 13.4,
    places: ['Berlin'],
    updatedAt: '2026-01-04T00:00:00.000Z',
  },
  {
    id: 'r5',
    name: 'Atlantis',
    latitude: 0,
    longitude: -30,
    places: ['Atlantis'],
    updatedAt: '2026-01-05T00:00:00.000Z',
  },
];

describe('tours-sync: the viator source against its stand-in, PostGIS and Redis', () => {
  let waypost: TestDatabase<ToursDatabase>;
  let standIn: ViatorStandIn;
  let sync: ToursSync;
  let source: AnySyncSource;

  beforeEach(async () => {
    waypost = await createTestDatabase();
    await seedFixturePlaces(waypost.url);
    standIn = await startViatorStandIn(FIXTURE);
    sync = new ToursSync(
      loadToursSyncConfig({
        DATABASE_URL: waypost.url,
        REDIS_URL: TEST_REDIS_URL,
        SYNC_QUEUE_PREFIX: uniqueRedisPrefix('tours-sync'),
        SYNC_RETRY_BACKOFF_MS: '100',
        TOURS_VIATOR_URL: standIn.url,
        TOURS_VIATOR_PAGE_SIZE: '2',
      }),
      new Registry(),
      SILENT,
    );
    source = sync.sources.find((s) => s.name === 'viator')!;
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
      .select(['sourceId', 'name', 'directPlaceIds', 'placeIds', 'syncedAt'])
      .where('source', '=', 'viator')
      .orderBy('sourceId')
      .execute();
  const deadLetters = () =>
    waypost.db
      .selectFrom('tours.deadLetters')
      .select(['sourceId', 'reason'])
      .orderBy('sourceId')
      .execute();

  it('syncs what it can place, indexed at every place above it, and dead-letters the rest', async () => {
    await expect(run()).resolves.toMatchObject({
      status: 'succeeded',
      counts: { inserted: 3, invalid: 2, updated: 0, deleted: 0 },
    });
    const synced = await rows();
    expect(synced.map((r) => r.sourceId)).toEqual(['r1', 'r2', 'r3']);
    const [berlin, paris, texas] = synced;
    expect(berlin!.placeIds).toEqual(
      expect.arrayContaining(['world', 'continent-eu', 'country-de', 'city-2950159']),
    );
    expect(paris!.placeIds).toEqual(expect.arrayContaining(['country-fr', 'city-2988507']));
    expect(texas!.placeIds).toEqual(
      expect.arrayContaining(['country-us', 'region-us-tx', 'city-4717560']),
    );
    // Each is indexed at its own places and their ancestors, and nowhere else.
    expect(texas!.placeIds).not.toContain('country-fr');
    for (const row of synced) {
      expect(row.directPlaceIds.length).toBeGreaterThan(0);
      expect(row.placeIds).toEqual(expect.arrayContaining(row.directPlaceIds));
    }
    expect((await deadLetters()).map((d) => d.sourceId)).toEqual(['r4', 'r5']);
  });

  it('pulls only what changed since its watermark, rewrites only the changed row and applies tombstones', async () => {
    await run();
    const before = await rows();
    await expect(run()).resolves.toMatchObject({
      counts: { inserted: 0, updated: 0, unchanged: 0 },
    });

    await standIn.put({
      ...FIXTURE[1]!,
      name: 'Eiffel Tower (renamed)',
      updatedAt: '2026-02-01T00:00:00.000Z',
    });
    await standIn.put({ id: 'r1', name: '', updatedAt: '2026-02-02T00:00:00.000Z', deleted: true });
    await expect(run()).resolves.toMatchObject({ counts: { updated: 1, deleted: 1, inserted: 0 } });
    const after = await rows();
    expect(after.map((r) => [r.sourceId, r.name])).toEqual([
      ['r2', 'Eiffel Tower (renamed)'],
      ['r3', 'Paris Texas Tower'],
    ]);
    expect(after[1]!.syncedAt).toEqual(before[2]!.syncedAt);
  });

  it('keeps what committed when the source fails mid-pull, and the next run completes it without duplicates', async () => {
    // The source fails after the first page of two records (a feed: mid-way through the third).
    standIn.failAfter(1);
    await expect(run()).rejects.toThrow();
    expect((await rows()).map((r) => r.sourceId)).toEqual(['r1', 'r2']);
    standIn.heal();
    await expect(run()).resolves.toMatchObject({ counts: { inserted: 1 } });
    expect((await rows()).map((r) => r.sourceId)).toEqual(['r1', 'r2', 'r3']);
  });

  it('honours 429 with Retry-After and still finishes the run', async () => {
    standIn.throttle(1);
    await expect(run()).resolves.toMatchObject({ status: 'succeeded', counts: { inserted: 3 } });
  });

  it('runs on its schedule on a real BullMQ worker', async () => {
    await sync.start();
    await waitFor('the first scheduled run', async () =>
      (await rows()).length === 3 ? true : undefined,
    );
    const schedulers = await sync.queue.queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain('sync:viator');
  });
});
