import { sql } from 'kysely';
import { TestDatabase, createTestDatabase } from '@waypost/shared/testing';
import {
  CMS_FIXTURE_PLACES,
  CMS_FIXTURE_POINTS_OF_INTEREST,
  CmsDatabase,
  CmsPlaceInput,
  CmsPointOfInterestInput,
  CmsWriter,
  createCmsSchema,
  fixtureGooglePlaceId,
  seedCmsFixture,
} from '../index';

const city = (code: string, parentCode: string | null): CmsPlaceInput => ({
  code,
  name: code,
  kind: 'city',
  parentCode,
  latitude: 1,
  longitude: 2,
  boundary: null,
  population: 1000,
  countryCode: 'DE',
});

const poi = (name: string | null, placeId: number | null = null): CmsPointOfInterestInput => ({
  placeId,
  name,
  category: 'cafe',
  description: null,
  latitude: 52.5,
  longitude: 13.4,
  address: null,
  openingHours: { mon: [['08:00', '12:00']] },
});

describe('CMS schema and writer', () => {
  let test: TestDatabase<CmsDatabase>;
  let writer: CmsWriter;

  beforeEach(async () => {
    test = await createTestDatabase<CmsDatabase>({ empty: true });
    await createCmsSchema(test.url);
    writer = new CmsWriter(test.url);
  });

  afterEach(async () => {
    await writer.close();
    await test.drop();
  });

  it('creates the schema idempotently, even concurrently', async () => {
    await writer.insertPlaces([{ ...city('world', null), kind: 'world' }]);
    await Promise.all([createCmsSchema(test.url), createCmsSchema(test.url)]);

    const { rows } = await sql<{ tableName: string; columnName: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' order by table_name, ordinal_position`.execute(test.db);
    const columns = (table: string) =>
      rows.filter((r) => r.tableName === table).map((r) => r.columnName);
    expect(columns('places')).toEqual([
      'id',
      'code',
      'name',
      'kind',
      'parent_id',
      'latitude',
      'longitude',
      'boundary',
      'population',
      'country_code',
      'created_at',
      'updated_at',
      'deleted_at',
    ]);
    expect(columns('points_of_interest')).toEqual([
      'id',
      'place_id',
      'name',
      'category',
      'description',
      'latitude',
      'longitude',
      'address',
      'opening_hours',
      'created_at',
      'updated_at',
      'deleted_at',
      'google_place_id',
    ]);
    const indexes = await sql<{ indexdef: string }>`
      select indexdef from pg_indexes where indexname like 'index_%_on_updated_at_and_id'`.execute(
      test.db,
    );
    expect(indexes.rows).toHaveLength(2);
    expect((await writer.stats()).places.world).toBe(1);
  });

  it('inserts places parents first and resolves parent codes to ids', async () => {
    const ids = await writer.insertPlaces([
      city('city-1', 'country-de'),
      { ...city('country-de', 'world'), kind: 'country' },
      { ...city('world', null), kind: 'world' },
    ]);

    const rows = await test.db.selectFrom('places').select(['id', 'code', 'parentId']).execute();
    expect(rows).toEqual(
      expect.arrayContaining([
        { id: ids.get('world'), code: 'world', parentId: null },
        { id: ids.get('country-de'), code: 'country-de', parentId: ids.get('world') },
        { id: ids.get('city-1'), code: 'city-1', parentId: ids.get('country-de') },
      ]),
    );
  });

  it('rejects a place whose parent is unknown and inserts nothing', async () => {
    await expect(
      writer.insertPlaces([{ ...city('world', null), kind: 'world' }, city('city-1', 'nowhere')]),
    ).rejects.toThrow(/unknown parent code for places city-1/);
    expect((await writer.stats()).maxIds.places).toBe(0);
  });

  it('returns point-of-interest ids in input order across chunks', async () => {
    const pois = Array.from({ length: 12_345 }, (_, i) => poi(`poi ${i}`));
    const ids = await writer.insertPointsOfInterest(pois);

    expect(ids).toHaveLength(12_345);
    const rows = await test.db
      .selectFrom('pointsOfInterest')
      .select(['id', 'name', 'openingHours'])
      .where('id', 'in', [ids[0], ids[5000], ids[12_344]])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.name)).toEqual(['poi 0', 'poi 5000', 'poi 12344']);
    expect(rows[0].openingHours).toEqual({ mon: [['08:00', '12:00']] });
  });

  it('bumps updated_at on update and on soft delete', async () => {
    const ids = await writer.insertPlaces([{ ...city('world', null), kind: 'world' }]);
    const placeId = ids.get('world')!;
    const [poiId] = await writer.insertPointsOfInterest([poi('Café Blau', placeId)]);
    const timestamps = async () => ({
      place: await test.db
        .selectFrom('places')
        .select(['name', 'createdAt', 'updatedAt', 'deletedAt'])
        .executeTakeFirstOrThrow(),
      poi: await test.db
        .selectFrom('pointsOfInterest')
        .select(['name', 'category', 'createdAt', 'updatedAt', 'deletedAt'])
        .executeTakeFirstOrThrow(),
    });
    const inserted = await timestamps();
    expect(inserted.poi.updatedAt).toEqual(inserted.poi.createdAt);

    expect(await writer.updatePlace(placeId, { name: 'Earth' })).toBe(true);
    expect(await writer.updatePointOfInterest(poiId, { name: 'Café Rot', category: 'bar' })).toBe(
      true,
    );
    const updated = await timestamps();
    expect(updated.place.name).toBe('Earth');
    expect(updated.poi).toMatchObject({ name: 'Café Rot', category: 'bar', deletedAt: null });
    expect(updated.place.updatedAt.getTime()).toBeGreaterThan(inserted.place.updatedAt.getTime());
    expect(updated.poi.updatedAt.getTime()).toBeGreaterThan(inserted.poi.updatedAt.getTime());

    expect(await writer.softDeletePointOfInterest(poiId)).toBe(true);
    expect(await writer.softDeletePlace(placeId)).toBe(true);
    const deleted = await timestamps();
    expect(deleted.poi.deletedAt).toEqual(deleted.poi.updatedAt);
    expect(deleted.place.deletedAt).toEqual(deleted.place.updatedAt);
    expect(deleted.poi.updatedAt.getTime()).toBeGreaterThan(updated.poi.updatedAt.getTime());

    // A deleted record is gone for the CMS: no more updates, no second delete.
    expect(await writer.updatePointOfInterest(poiId, { name: 'Ghost' })).toBe(false);
    expect(await writer.softDeletePointOfInterest(poiId)).toBe(false);
    expect(await writer.findPointsOfInterest([poiId])).toEqual([]);
    const stats = await writer.stats();
    expect(stats).toMatchObject({
      pointsOfInterest: 0,
      deleted: { places: 1, pointsOfInterest: 1 },
      maxIds: { places: placeId, pointsOfInterest: poiId },
    });
  });
});

describe('seedCmsFixture', () => {
  let test: TestDatabase<CmsDatabase>;

  beforeAll(async () => {
    test = await createTestDatabase<CmsDatabase>({ empty: true });
    await seedCmsFixture(test.url);
  });

  afterAll(() => test.drop());

  it('loads every fixture place under the ids and parents the constants name', async () => {
    const rows = await test.db
      .selectFrom('places as p')
      .leftJoin('places as parent', 'parent.id', 'p.parentId')
      .select(['p.id', 'p.code', 'parent.code as parentCode'])
      .orderBy('p.id')
      .execute();
    expect(rows).toEqual(
      Object.values(CMS_FIXTURE_PLACES).map((p) => ({
        id: p.id,
        code: p.code,
        parentCode: p.parentCode,
      })),
    );
  });

  it('loads the points of interest, including the ones a sync must place or reject', async () => {
    const rows = await test.db
      .selectFrom('pointsOfInterest')
      .select(['id', 'placeId', 'name', 'latitude'])
      .orderBy('id')
      .execute();
    const { pergamonMuseum, unplacedInMitte, nullName, badLatitude } =
      CMS_FIXTURE_POINTS_OF_INTEREST;
    expect(rows).toHaveLength(Object.keys(CMS_FIXTURE_POINTS_OF_INTEREST).length);
    expect(rows).toEqual(
      expect.arrayContaining([
        {
          id: pergamonMuseum.id,
          placeId: CMS_FIXTURE_PLACES.berlin.id,
          name: 'Pergamon Museum',
          latitude: 52.5212,
        },
        { id: unplacedInMitte.id, placeId: null, name: unplacedInMitte.name, latitude: 52.5171 },
        { id: nullName.id, placeId: CMS_FIXTURE_PLACES.berlin.id, name: null, latitude: 52.5301 },
        { id: badLatitude.id, placeId: null, name: 'Nowhere Bar', latitude: 123 },
      ]),
    );
  });

  it('finds a point of interest by its Google Places id, soft-deleted or not', async () => {
    const gate = {
      ...CMS_FIXTURE_POINTS_OF_INTEREST.brandenburgGate,
      googlePlaceId: fixtureGooglePlaceId(1),
    };
    const writer = new CmsWriter(test.url);
    try {
      expect(await writer.findByGooglePlaceId(gate.googlePlaceId)).toMatchObject({
        id: gate.id,
        name: 'Brandenburg Gate',
        googlePlaceId: gate.googlePlaceId,
        placeName: 'Mitte',
        countryName: 'Germany',
      });
      await writer.softDeletePointOfInterest(gate.id);
      expect((await writer.findByGooglePlaceId(gate.googlePlaceId))?.deletedAt).not.toBeNull();
      expect(await writer.findByGooglePlaceId('ChIJnothing')).toBeUndefined();
      // One point of interest per Google place.
      await expect(
        writer.insertPointsOfInterest([{ ...poi('Copy'), googlePlaceId: gate.googlePlaceId }]),
      ).rejects.toThrow(/index_points_of_interest_on_google_place_id/);
    } finally {
      await writer.close();
    }
  });

  it('refuses to load twice', async () => {
    await expect(seedCmsFixture(test.url)).rejects.toThrow();
  });
});
