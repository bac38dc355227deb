import { sql } from 'kysely';
import { Registry } from 'prom-client';
import {
  CMS_FIXTURE_PLACES,
  CMS_FIXTURE_POINTS_OF_INTEREST,
  CmsWriter,
  seedCmsFixture,
} from '@waypost/dev-sources/cms';
import { PlacesDatabase } from '@waypost/places/schema';
import { AnySyncSource, SyncLogger } from '@waypost/shared/sync';
import {
  TEST_REDIS_URL,
  TestDatabase,
  createTestDatabase,
  uniqueRedisPrefix,
} from '@waypost/shared/testing';
import { PlacesSync } from '../src/places-sync';
import { loadPlacesSyncConfig } from '../src/places-sync.config';

const SILENT: SyncLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const fixturePois = Object.values(CMS_FIXTURE_POINTS_OF_INTEREST);
const validPois = fixturePois.filter((p) => p.invalidBecause === null);

describe('places sync against a real CMS database, PostGIS and Redis', () => {
  let waypost: TestDatabase<PlacesDatabase>;
  let cms: TestDatabase<unknown>;
  let sync: PlacesSync;
  let registry: Registry;

  beforeEach(async () => {
    waypost = await createTestDatabase<PlacesDatabase>();
    cms = await createTestDatabase({ empty: true });
    await seedCmsFixture(cms.url);
    registry = new Registry();
    sync = new PlacesSync(
      loadPlacesSyncConfig({
        DATABASE_URL: waypost.url,
        CMS_DATABASE_URL: cms.url,
        REDIS_URL: TEST_REDIS_URL,
        SYNC_PAGE_SIZE: '4',
        SYNC_SETTLE_MS: '0',
        SYNC_QUEUE_PREFIX: uniqueRedisPrefix('places-sync'),
        SYNC_PLACES_EVERY_MS: '3600000',
        SYNC_RETRY_BACKOFF_MS: '200',
        SYNC_POINTS_OF_INTEREST_EVERY_MS: '3600000',
      }),
      registry,
      SILENT,
    );
  });

  afterEach(async () => {
    await sync.close();
    await waypost.drop();
    await cms.drop();
  });

  const [placesSource, poiSource] = [0, 1] as const;
  const runAll = async () => {
    const results = [];
    for (const source of sync.sources)
      results.push(await sync.runner.run(source, { trigger: 'test' }));
    return results;
  };
  const places = () => waypost.db.selectFrom('places.places').selectAll().orderBy('id').execute();
  const pois = () =>
    waypost.db.selectFrom('places.pointsOfInterest').selectAll().orderBy('id').execute();

  it('syncs the hierarchy with ancestor chains and assigns every point of interest to its deepest place', async () => {
    const [placesRun, poiRun] = await runAll();

    expect(placesRun).toMatchObject({ status: 'succeeded', counts: { inserted: 18, invalid: 0 } });
    expect(poiRun).toMatchObject({
      status: 'succeeded',
      counts: { inserted: validPois.length, invalid: 2 },
    });
    const mitte = (await places()).find((p) => p.id === CMS_FIXTURE_PLACES.mitte.code)!;
    expect(mitte.ancestorIds).toEqual([
      'world',
      'continent-eu',
      'country-de',
      'region-de-16',
      'city-2950159',
    ]);

    const synced = await pois();
    for (const expected of validPois) {
      const row = synced.find((r) => r.sourceId === String(expected.id));
      expect({ name: expected.name, placeId: row?.placeId }).toEqual({
        name: expected.name,
        placeId: expected.expectedPlaceCode,
      });
      const place = (await places()).find((p) => p.id === expected.expectedPlaceCode)!;
      expect(row!.placeIds).toEqual([...place.ancestorIds, place.id]);
    }
  });

  it('dead-letters bad records with the reason and raw payload while the rest lands', async () => {
    await runAll();

    const letters = await waypost.db
      .selectFrom('places.deadLetters')
      .selectAll()
      .orderBy('reason')
      .execute();
    const { badLatitude, nullName } = CMS_FIXTURE_POINTS_OF_INTEREST;
    expect(letters.map((l) => [l.sourceId, l.reason])).toEqual([
      [String(badLatitude.id), 'latitude/longitude out of range: 123, 13.4'],
      [String(nullName.id), 'name is empty'],
    ]);
    expect(letters[1]!.payload).toMatchObject({
      id: String(nullName.id),
      name: null,
    });
    const run = await waypost.db
      .selectFrom('places.syncRuns')
      .selectAll()
      .where('source', '=', 'cms-points-of-interest')
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({
      status: 'succeeded',
      counts: { invalid: 2, inserted: validPois.length },
    });
    expect(run.finishedAt).toBeInstanceOf(Date);
  });

  it('does not rewrite unchanged rows on a second run', async () => {
    await runAll();
    const before = await pois();
    const [placesRun, poiRun] = await runAll();

    expect(placesRun).toMatchObject({ counts: { inserted: 0, updated: 0 } });
    expect(poiRun).toMatchObject({ counts: { inserted: 0, updated: 0 } });
    expect((await pois()).map((p) => p.syncedAt)).toEqual(before.map((p) => p.syncedAt));
  });

  it('picks up a change, an insert and a soft delete incrementally', async () => {
    await runAll();
    const writer = new CmsWriter(cms.url);
    try {
      await writer.updatePointOfInterest(CMS_FIXTURE_POINTS_OF_INTEREST.pergamonMuseum.id, {
        name: 'Pergamonmuseum',
      });
      const [newId] = await writer.insertPointsOfInterest([
        {
          placeId: CMS_FIXTURE_PLACES.hamburg.id,
          name: 'Elbphilharmonie',
          category: 'landmark',
          description: null,
          latitude: 53.5413,
          longitude: 9.9841,
          address: null,
          openingHours: null,
        },
      ]);
      await writer.softDeletePointOfInterest(CMS_FIXTURE_POINTS_OF_INTEREST.eiffelTower.id);

      const run = await sync.runner.run(sync.sources[poiSource], { trigger: 'test' });

      expect(run).toMatchObject({
        status: 'succeeded',
        counts: { inserted: 1, updated: 1, deleted: 1, invalid: 0 },
      });
      const rows = await pois();
      expect(
        rows.find((r) => r.sourceId === String(CMS_FIXTURE_POINTS_OF_INTEREST.pergamonMuseum.id))
          ?.name,
      ).toBe('Pergamonmuseum');
      expect(rows.find((r) => r.sourceId === String(newId))).toMatchObject({
        placeId: 'city-2911298',
        category: 'landmark',
      });
      expect(
        rows.some((r) => r.sourceId === String(CMS_FIXTURE_POINTS_OF_INTEREST.eiffelTower.id)),
      ).toBe(false);
    } finally {
      await writer.close();
    }
  });

  it('re-indexes descendants and their points of interest when a place moves', async () => {
    await runAll();
    const writer = new CmsWriter(cms.url);
    try {
      // Hamburg (the city) moves under the Berlin region: a contrived edit that changes its chain.
      await writer.updatePlace(CMS_FIXTURE_PLACES.hamburg.id, {
        parentId: CMS_FIXTURE_PLACES.berlinState.id,
      });
      await sync.runner.run(sync.sources[placesSource], { trigger: 'test' });
    } finally {
      await writer.close();
    }
    const museum = (await pois()).find(
      (r) => r.sourceId === String(CMS_FIXTURE_POINTS_OF_INTEREST.miniaturWunderland.id),
    )!;
    expect(museum.placeIds).toEqual([
      'world',
      'continent-eu',
      'country-de',
      'region-de-16',
      'city-2911298',
    ]);
  });

  it('keeps every chain equal to the one parent_id gives, through a move two levels deep', async () => {
    // Chains recomputed from parent_id alone, to compare with what the sync stored.
    const expectedChains = async () => {
      const { rows } = await sql<{ id: string; chain: string[] }>`
        with recursive up (id, parent_id, chain) as (
          select id, parent_id, '{}'::text[] from places.places
          union all
          select up.id, p.parent_id, p.id || up.chain
          from up join places.places p on p.id = up.parent_id
        )
        select id, chain from up where parent_id is null
           or parent_id not in (select id from places.places)`.execute(waypost.db);
      return new Map(rows.map((r) => [r.id, r.chain]));
    };
    const expectConsistent = async () => {
      const expected = await expectedChains();
      const stored = await places();
      expect(stored.map((p) => [p.id, p.ancestorIds])).toEqual(
        stored.map((p) => [p.id, expected.get(p.id)]),
      );
      for (const poi of await pois()) {
        const place = stored.find((p) => p.id === poi.placeId)!;
        expect(poi.placeIds).toEqual([...place.ancestorIds, place.id]);
      }
    };
    await runAll();
    await expectConsistent();
    const writer = new CmsWriter(cms.url);
    try {
      // The Berlin region, with its city and that city's neighbourhood, moves under Portugal.
      await writer.updatePlace(CMS_FIXTURE_PLACES.berlinState.id, {
        parentId: CMS_FIXTURE_PLACES.portugal.id,
      });
      await sync.runner.run(sync.sources[placesSource], { trigger: 'test' });
    } finally {
      await writer.close();
    }
    await expectConsistent();
    const mitte = (await places()).find((p) => p.id === CMS_FIXTURE_PLACES.mitte.code)!;
    expect(mitte.ancestorIds).toEqual([
      'world',
      'continent-eu',
      'country-pt',
      'region-de-16',
      'city-2950159',
    ]);
  });

  it('resumes after the source fails mid-run, losing and duplicating nothing', async () => {
    await sync.runner.run(sync.sources[placesSource], { trigger: 'test' });
    const flaky = failingAfterPages(
      sync.sources[poiSource],
      1,
      () => new Error('CMS connection reset'),
    );

    await expect(sync.runner.run(flaky, { trigger: 'test' })).rejects.toThrow(
      'CMS connection reset',
    );
    expect(await pois()).toHaveLength(4); // the first page of 4 committed
    const failed = await waypost.db
      .selectFrom('places.syncRuns')
      .selectAll()
      .where('status', '=', 'failed')
      .executeTakeFirstOrThrow();
    expect(failed.error).toBe('CMS connection reset');

    const retry = await sync.runner.run(sync.sources[poiSource], { trigger: 'retry' });
    expect(retry).toMatchObject({ status: 'succeeded' });
    const rows = await pois();
    expect(rows.map((r) => r.sourceId).sort()).toEqual(validPois.map((p) => String(p.id)).sort());
    expect(
      await waypost.db.selectFrom('places.deadLetters').select('sourceId').execute(),
    ).toHaveLength(2);
  });

  it('resumes after the database connection drops mid-batch', async () => {
    await sync.runner.run(sync.sources[placesSource], { trigger: 'test' });
    const source = sync.sources[poiSource];
    let batches = 0;
    // The second batch's connection is killed inside its transaction, after its rows were written.
    const dropping: AnySyncSource = {
      name: source.name,
      schedule: source.schedule,
      pull: (watermark) => source.pull(watermark),
      map: (records) => source.map(records),
      async write(trx, batch) {
        const counts = await source.write(trx, batch);
        if (++batches === 2) await sql`select pg_terminate_backend(pg_backend_pid())`.execute(trx);
        return counts;
      },
    };

    await expect(sync.runner.run(dropping, { trigger: 'test' })).rejects.toThrow(/terminat/);
    expect(await pois()).toHaveLength(4); // only the first batch committed
    const retry = await sync.runner.run(source, { trigger: 'retry' });

    expect(retry).toMatchObject({
      status: 'succeeded',
      counts: { inserted: validPois.length - 4 },
    });
    expect((await pois()).map((r) => r.sourceId).sort()).toEqual(
      validPois.map((p) => String(p.id)).sort(),
    );
  });

  it('never runs one source twice at once', async () => {
    const results = await Promise.all([
      sync.runner.run(sync.sources[placesSource], { trigger: 'a' }),
      sync.runner.run(sync.sources[placesSource], { trigger: 'b' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['skipped', 'succeeded']);
  });

  it('runs queued jobs on a real BullMQ worker, registers schedules and exports metrics', async () => {
    await sync.start();
    const events = sync.queue.events();
    await events.waitUntilReady();
    try {
      const placesJob = await sync.queue.enqueue('cms-places');
      const poiJob = await sync.queue.enqueue('cms-points-of-interest');
      await expect(placesJob.waitUntilFinished(events)).resolves.toMatchObject({
        status: 'succeeded',
      });
      await expect(poiJob.waitUntilFinished(events)).resolves.toMatchObject({
        status: 'succeeded',
      });
    } finally {
      await events.close();
    }
    const schedulers = await sync.queue.queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual([
      'sync:cms-places',
      'sync:cms-points-of-interest',
    ]);
    const metrics = await registry.metrics();
    expect(metrics).toMatch(
      /sync_records_total\{dataset="places",source="cms-points-of-interest",outcome="inserted"\} 8/,
    );
    expect(metrics).toMatch(/sync_in_progress\{dataset="places",source="cms-places"\} 0/);
    expect(metrics).toMatch(
      /sync_last_success_timestamp_seconds\{dataset="places",source="cms-places"\} \d+/,
    );
  });

  it('retries a run whose source fails, through BullMQ, and resumes where it stopped', async () => {
    await sync.runner.run(sync.sources[placesSource], { trigger: 'test' });
    await sql`alter table points_of_interest rename to points_of_interest_away`.execute(cms.db);
    await sync.start();
    const events = sync.queue.events();
    await events.waitUntilReady();
    try {
      const job = await sync.queue.enqueue('cms-points-of-interest');
      // Our job (not the scheduler's first run) must have failed once before the table returns.
      const attempts = async () => (await sync.queue.queue.getJob(job.id!))?.attemptsMade ?? 0;
      for (let i = 0; i < 200 && (await attempts()) < 1; i++)
        await new Promise((r) => setTimeout(r, 50));
      const failed = await waypost.db
        .selectFrom('places.syncRuns')
        .select('error')
        .where('status', '=', 'failed')
        .executeTakeFirst();
      expect(failed?.error).toMatch(/points_of_interest/);
      await sql`alter table points_of_interest_away rename to points_of_interest`.execute(cms.db);

      await expect(job.waitUntilFinished(events)).resolves.toMatchObject({ status: 'succeeded' });
      expect((await sync.queue.queue.getJob(job.id!))?.attemptsMade).toBeGreaterThanOrEqual(2);
      expect((await pois()).map((r) => r.sourceId).sort()).toEqual(
        validPois.map((p) => String(p.id)).sort(),
      );
    } finally {
      await events.close();
    }
  });
});

/** The same source, but after `pages` pages `fail` runs and, if it returns an error, the pull throws it. */
function failingAfterPages(
  source: AnySyncSource,
  pages: number,
  fail: () => Error | null | Promise<Error | null>,
): AnySyncSource {
  return {
    name: source.name,
    schedule: source.schedule,
    map: (records) => source.map(records),
    write: (trx, batch) => source.write(trx, batch),
    async *pull(watermark) {
      let n = 0;
      for await (const page of source.pull(watermark)) {
        if (n++ === pages) {
          const error = await fail();
          if (error) throw error;
        }
        yield page;
      }
    },
  };
}
