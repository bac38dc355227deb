import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { CmsDatabase, createCmsSchema } from '@waypost/dev-sources/cms';
import {
  createDatabase,
  createDatabaseIfMissing,
  dropDatabase,
  withDatabase,
} from '@waypost/shared/db';
import { TEST_SERVER_URL } from '@waypost/shared/testing';
import { GeographyInputs } from '../geography/geography.builder';
import { runMutate } from './mutate.command';
import { runSeed } from './seed.command';

const TINY_GEOGRAPHY: GeographyInputs = {
  continents: { EU: 'Europe' },
  countries: [{ code: 'DE', name: 'Germany', continent: 'EU' }],
  boundaries: new Map(),
  cities: [
    {
      cityId: 2950159,
      name: 'Berlin',
      country: 'DE',
      featureCode: 'PPLC',
      adminCode: '16',
      population: 3_400_000,
      latitude: 52.52437,
      longitude: 13.41053,
    },
    {
      cityId: 2911298,
      name: 'Hamburg',
      country: 'DE',
      featureCode: 'PPLA',
      adminCode: '04',
      population: 1_700_000,
      latitude: 53.55073,
      longitude: 9.99302,
    },
  ],
  admin1Names: {},
  neighborhoods: [
    { cityId: 2950159, slug: 'mitte', name: 'Mitte', latitude: 52.52, longitude: 13.4 },
  ],
};

describe('seed and mutate commands', () => {
  const url = withDatabase(TEST_SERVER_URL, `waypost_test_cms_${randomBytes(5).toString('hex')}`);
  const lines: string[] = [];
  const out = (line: string) => lines.push(line);
  const deps = { loadGeography: () => TINY_GEOGRAPHY, out };

  const poiRows = async () => {
    const db = createDatabase<CmsDatabase>({ url, maxConnections: 1 });
    try {
      return await db
        .selectFrom('pointsOfInterest')
        .select([
          'id',
          'placeId',
          'name',
          'category',
          'latitude',
          'longitude',
          'openingHours',
          'googlePlaceId',
        ])
        .orderBy('id')
        .execute();
    } finally {
      await db.destroy();
    }
  };

  beforeEach(() => lines.splice(0));
  afterAll(() => dropDatabase(url));

  it('creates and fills a missing database, then leaves a seeded one alone', async () => {
    const first = await runSeed({ databaseUrl: url, pois: 300, force: false }, deps);
    expect(first.seeded).toBe(true);
    expect(first.stats.places).toEqual({
      world: 1,
      continent: 7,
      country: 1,
      region: 2,
      city: 2,
      neighborhood: 1,
    });
    expect(first.stats.pointsOfInterest).toBe(300);
    // A share carries a Google Places id shaped like Google's, for the enrichment.
    const googleIds = (await poiRows()).flatMap((r) => (r.googlePlaceId ? [r.googlePlaceId] : []));
    expect(googleIds.length).toBeGreaterThan(75);
    expect(googleIds.length).toBeLessThan(165);
    expect(googleIds.every((id) => /^ChIJ[\w-]{23}$/.test(id))).toBe(true);
    expect(new Set(googleIds).size).toBe(googleIds.length);
    expect(lines.at(-1)).toMatch(/^seeded waypost_test_cms_\w+ in [\d.]+ s: 1 world, 7 continents/);

    const second = await runSeed({ databaseUrl: url, pois: 300, force: false }, deps);
    expect(second.seeded).toBe(false);
    expect(second.stats.pointsOfInterest).toBe(300);
    expect(lines.at(-1)).toMatch(/already has 14 places: nothing to do/);
  });

  it('recreates the database with --force and generates the same rows for the same count', async () => {
    const before = await poiRows();
    const again = await runSeed({ databaseUrl: url, pois: 300, force: true }, deps);
    expect(again.seeded).toBe(true);
    expect(await poiRows()).toEqual(before);

    await runSeed({ databaseUrl: url, pois: 120, force: true }, deps);
    expect(await poiRows()).toEqual(before.slice(0, 120));
  });

  it('gives a CMS seeded before google_place_id existed the ids a fresh seed gives', async () => {
    await runSeed({ databaseUrl: url, pois: 300, force: true }, deps);
    const seeded = await poiRows();
    const db = createDatabase<CmsDatabase>({ url, maxConnections: 1 });
    try {
      await db.updateTable('pointsOfInterest').set({ googlePlaceId: null }).execute();
    } finally {
      await db.destroy();
    }

    await runSeed({ databaseUrl: url, pois: 300, force: false }, deps);

    expect(lines).toContainEqual(
      expect.stringMatching(/^\d+ points of interest given their Google place id$/),
    );
    expect(await poiRows()).toEqual(seeded);
    lines.splice(0);
    await runSeed({ databaseUrl: url, pois: 300, force: false }, deps);
    expect(lines).not.toContainEqual(expect.stringMatching(/Google place id/));
  });

  it('mutates deterministically for a seed and bumps updated_at on what it touched', async () => {
    await runSeed({ databaseUrl: url, pois: 300, force: true }, deps);
    lines.splice(0);
    const options = { databaseUrl: url, changes: 12, inserts: 4, deletes: 3, seed: 5 };
    const result = await runMutate(options, out);
    const printed = [...lines];

    expect(result.inserted).toEqual([301, 302, 303, 304]);
    expect(result.deleted).toHaveLength(3);
    expect(result.placesChanged + result.pointsOfInterestChanged).toBe(12);
    const db = createDatabase<CmsDatabase>({ url, maxConnections: 1 });
    try {
      const { rows } = await sql<{ changed: number; deleted: number }>`
        select count(*) filter (where updated_at > created_at and deleted_at is null) as changed,
               count(*) filter (where deleted_at is not null) as deleted
        from points_of_interest`.execute(db);
      expect(rows[0]).toEqual({ changed: result.pointsOfInterestChanged, deleted: 3 });
      const places = await sql<{ changed: number }>`
        select count(*) as changed from places where updated_at > created_at`.execute(db);
      expect(result.placesChanged).toBeGreaterThan(0);
      expect(places.rows[0].changed).toBeGreaterThan(0);
      expect(places.rows[0].changed).toBeLessThanOrEqual(result.placesChanged);
    } finally {
      await db.destroy();
    }

    await runSeed({ databaseUrl: url, pois: 300, force: true }, deps);
    lines.splice(0);
    await runMutate(options, out);
    expect(lines).toEqual(printed);
  });

  it('varies its choices from run to run unless given a seed', async () => {
    const options = { databaseUrl: url, changes: 2, inserts: 1, deletes: 1, seed: null };
    const first = await runMutate(options, out);
    const second = await runMutate(options, out);
    expect(second.seed).not.toBe(first.seed);
  });

  it('refuses to mutate a CMS that was never seeded', async () => {
    const empty = `${url}_empty`;
    await createDatabaseIfMissing(empty);
    try {
      await createCmsSchema(empty);
      await expect(
        runMutate({ databaseUrl: empty, changes: 1, inserts: 0, deletes: 0, seed: 1 }, out),
      ).rejects.toThrow(/has no cities: run seed first/);
    } finally {
      await dropDatabase(empty);
    }
  });
});
