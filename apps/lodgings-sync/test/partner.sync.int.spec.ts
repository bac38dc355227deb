import { sql } from 'kysely';
import { Registry } from 'prom-client';
import {
  LODGING_FIXTURE_CITIES,
  LODGING_FIXTURE_PROPERTIES,
  LodgingPartner,
  LodgingPartnerStandIn,
  lodgingFixturePartner,
  startLodgingPartnerStandIn,
} from '@waypost/dev-sources/lodging-partner';
import { LodgingsDatabase } from '@waypost/lodgings/schema';
import { seedFixturePlaces } from '@waypost/places/testing';
import { AnySyncSource, PartitionsFailedError } from '@waypost/shared/sync';
import {
  TEST_REDIS_URL,
  TestDatabase,
  createTestDatabase,
  uniqueRedisPrefix,
  waitFor,
} from '@waypost/shared/testing';
import { loadLodgingsSyncConfig } from '../src/lodgings-sync.config';
import { LodgingsSync } from '../src/lodgings-sync';

const SILENT = { info: () => undefined, warn: () => undefined, error: () => undefined };
const C = LODGING_FIXTURE_CITIES;
const P = LODGING_FIXTURE_PROPERTIES;
const VALID = Object.values(P).filter((p) => p.expectedPlaceCode !== null);

describe('lodgings-sync: the partner, city by city, against its stand-in over HTTP, PostGIS and Redis', () => {
  let waypost: TestDatabase<LodgingsDatabase>;
  let standIn: LodgingPartnerStandIn;
  let partner: LodgingPartner;
  let sync: LodgingsSync;
  let source: AnySyncSource;

  async function start(model: LodgingPartner, env: Record<string, string> = {}) {
    partner = model;
    standIn = await startLodgingPartnerStandIn(model);
    sync = new LodgingsSync(
      loadLodgingsSyncConfig({
        DATABASE_URL: waypost.url,
        REDIS_URL: TEST_REDIS_URL,
        SYNC_QUEUE_PREFIX: uniqueRedisPrefix('lodgings-sync'),
        SYNC_RETRY_BACKOFF_MS: '100',
        LODGINGS_PARTNER_URL: standIn.url,
        LODGINGS_PARTNER_RETRIES: '1',
        LODGINGS_PARTNER_REQUESTS_PER_SECOND: '100',
        ...env,
      }),
      new Registry(),
      SILENT,
    );
    source = sync.sources.find((s) => s.name === 'partner')!;
  }

  beforeEach(async () => {
    waypost = await createTestDatabase();
    await seedFixturePlaces(waypost.url);
  });

  afterEach(async () => {
    await sync?.close();
    await standIn?.close();
    await waypost?.drop();
  });

  const run = () => sync.runner.run(source, { trigger: 'test' });
  const rows = () =>
    waypost.db
      .selectFrom('lodgings.lodgings')
      .select(['sourceId', 'name', 'directPlaceIds', 'placeIds', 'syncedAt'])
      .select(sql<string>`price::text`.as('price'))
      .orderBy('sourceId')
      .execute();
  const byPlace = (placeId: string) =>
    waypost.db
      .selectFrom('lodgings.lodgingsByPlace')
      .select('id')
      .where('placeId', '=', placeId)
      .orderBy('id')
      .execute()
      .then((r) => r.map((x) => x.id));
  const cities = () =>
    waypost.db
      .selectFrom('lodgings.partnerCities')
      .select(['cityId', 'placeId', 'matchedBy', 'lastCompletePullAt', 'lastError'])
      .orderBy('cityId')
      .execute();
  const deadLetters = () =>
    waypost.db
      .selectFrom('lodgings.deadLetters')
      .select(['sourceId', 'reason'])
      .orderBy('sourceId')
      .execute();
  // Time passing: every city's last complete pull a day back, so every city is due again.
  const aDayLater = () =>
    waypost.db
      .updateTable('lodgings.partnerCities')
      .set({ lastCompletePullAt: new Date(Date.now() - 86_400_000) })
      .execute();

  it('first sync: maps the cities, indexes each lodging at its place and every ancestor, reports what it cannot place', async () => {
    await start(lodgingFixturePartner());
    await expect(run()).resolves.toMatchObject({
      status: 'succeeded',
      counts: { inserted: VALID.length, updated: 0, deleted: 0 },
    });
    expect(await cities()).toEqual([
      expect.objectContaining({
        cityId: '5001',
        placeId: 'city-2950159',
        matchedBy: 'name+coordinates',
      }),
      expect.objectContaining({
        cityId: '5002',
        placeId: 'city-2911298',
        matchedBy: 'name+coordinates',
      }),
      // Lisboa: the partner's spelling; the country and the coordinates settle it.
      expect.objectContaining({
        cityId: '5003',
        placeId: 'city-2267057',
        matchedBy: 'coordinates',
      }),
      expect.objectContaining({
        cityId: '5004',
        placeId: 'city-2988507',
        matchedBy: 'name+coordinates',
      }),
      expect.objectContaining({
        cityId: '5005',
        placeId: 'city-4717560',
        matchedBy: 'name+coordinates',
      }),
      expect.objectContaining({ cityId: '5099', placeId: null, matchedBy: 'none' }),
    ]);
    // Every city has its watermark, the unmatched one too (its properties were pulled).
    for (const c of await cities()) expect(c.lastCompletePullAt).toBeInstanceOf(Date);

    const synced = await rows();
    expect(synced.map((r) => [r.sourceId, r.directPlaceIds])).toEqual(
      VALID.map((p) => [String(p.property.id), [p.expectedPlaceCode]]).sort(),
    );
    expect(synced.find((r) => r.sourceId === String(P.mitteHostel.property.id))).toMatchObject({
      price: '19.50',
      placeIds: [
        'world',
        'continent-eu',
        'country-de',
        'region-de-16',
        'city-2950159',
        'neighborhood-2950159-mitte',
      ],
    });
    // Found in the neighborhood, its city and its country; not elsewhere.
    const mitte = [P.mitteHostel, P.mitteHotel].map((p) => `partner-${p.property.id}`);
    const berlin = Object.values(P)
      .filter((p) => p.cityId === C.berlin.id)
      .map((p) => `partner-${p.property.id}`);
    expect(await byPlace('neighborhood-2950159-mitte')).toEqual(mitte.sort());
    expect(await byPlace('city-2950159')).toEqual(berlin.sort());
    expect(await byPlace('country-de')).toEqual(
      [...berlin, `partner-${P.hamburgHostel.property.id}`].sort(),
    );
    expect(await byPlace('country-us')).toEqual([`partner-${P.parisTexasMotel.property.id}`]);

    // Reported, never dropped: the city matching nothing, and the records that cannot be synced.
    expect(await deadLetters()).toEqual([
      { sourceId: String(P.lisbonBroken.property.id), reason: expect.stringContaining('no name') },
      { sourceId: String(P.nowhereCabin.property.id), reason: expect.stringContaining('no place') },
      { sourceId: 'city:5099', reason: expect.stringContaining('matches no place') },
    ]);
  });

  it('pulls no city before it is due again, then rewrites only the row whose price changed', async () => {
    await start(lodgingFixturePartner());
    await run();
    const before = await rows();
    const requests = partner.requests().length;
    await expect(run()).resolves.toMatchObject({
      counts: { inserted: 0, updated: 0, unchanged: 0 },
    });
    // Only /cities: no city is due yet.
    expect(
      partner
        .requests()
        .slice(requests)
        .map((r) => r.path),
    ).toEqual(['/cities']);

    partner.setPrice(C.berlin.id, P.berlinApartment.property.id, '92.50');
    await aDayLater();
    await expect(run()).resolves.toMatchObject({
      counts: { inserted: 0, updated: 1, deleted: 0, unchanged: VALID.length - 1 },
    });
    const after = await rows();
    for (const [i, row] of after.entries()) {
      if (row.sourceId === String(P.berlinApartment.property.id)) {
        expect(row.price).toBe('92.50');
        expect(row.syncedAt).not.toEqual(before[i]!.syncedAt);
      } else {
        expect(row).toEqual(before[i]);
      }
    }
  });

  it('deletes a property gone from a complete pull of its city, and only it', async () => {
    await start(lodgingFixturePartner());
    await run();
    partner.closeProperty(C.hamburg.id, P.hamburgHostel.property.id);
    await aDayLater();
    await expect(run()).resolves.toMatchObject({ counts: { deleted: 1, inserted: 0 } });
    expect((await rows()).map((r) => r.sourceId)).toEqual(
      VALID.filter((p) => p !== P.hamburgHostel)
        .map((p) => String(p.property.id))
        .sort(),
    );
  });

  it('deletes nothing when a city pull fails at page 3 of 5, and the next run completes it', async () => {
    // One property a page: Berlin's five properties are five pages.
    await start(lodgingFixturePartner({ pageSize: 1 }));
    await run();
    partner.closeProperty(C.berlin.id, P.berlinApartment.property.id);
    partner.failPage(3, 500, { cityId: C.berlin.id });
    await aDayLater();
    const aged = (await cities()).find((c) => c.cityId === String(C.berlin.id))!;
    await expect(run()).rejects.toThrow(PartitionsFailedError);
    // Berlin's apartment is still there, Berlin's watermark did not move, its error is noted.
    expect((await rows()).map((r) => r.sourceId)).toContain(String(P.berlinApartment.property.id));
    const failed = (await cities()).find((c) => c.cityId === String(C.berlin.id))!;
    expect(failed.lastCompletePullAt).toEqual(aged.lastCompletePullAt);
    expect(failed.lastError).toMatch(/500/);
    // The other cities completed: their watermarks moved past the aged one.
    for (const c of (await cities()).filter((c) => c.cityId !== String(C.berlin.id))) {
      expect(c.lastCompletePullAt!.getTime()).toBeGreaterThan(aged.lastCompletePullAt!.getTime());
    }

    partner.failures.clear();
    const requests = partner.requests().length;
    await expect(run()).resolves.toMatchObject({ counts: { deleted: 1 } });
    // Only Berlin was pulled again (the others are not due), all five pages, minus the closed one.
    const pulled = partner
      .requests()
      .slice(requests)
      .flatMap((r) => (r.cityId ? [r.cityId] : []));
    expect(new Set(pulled)).toEqual(new Set([C.berlin.id]));
    expect((await rows()).map((r) => r.sourceId)).not.toContain(
      String(P.berlinApartment.property.id),
    );
  });

  it('honours 429 with Retry-After and still finishes the run', async () => {
    // A partner allowing 3 requests a second, a client asking for 100.
    await start(lodgingFixturePartner({ requestsPerSecond: 3 }), {
      LODGINGS_PARTNER_RETRIES: '10',
      LODGINGS_PARTNER_CONCURRENCY: '3',
    });
    await expect(run()).resolves.toMatchObject({
      status: 'succeeded',
      counts: { inserted: VALID.length },
    });
    const statuses = partner.requests().map((r) => r.status);
    expect(statuses).toContain(429);
    expect(statuses[statuses.length - 1]).toBe(200);
  });

  it('runs on its schedule on a real BullMQ worker', async () => {
    await start(lodgingFixturePartner());
    await sync.start();
    await waitFor('the first scheduled run', async () =>
      (await rows()).length === VALID.length ? true : undefined,
    );
    const schedulers = await sync.queue.queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain('sync:partner');
  });
});
