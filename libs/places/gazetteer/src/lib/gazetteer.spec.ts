import { sql } from 'kysely';
import { PlaceLevel, PlacesDatabase } from '@waypost/places/schema';
import { TestDatabase, createTestDatabase } from '@waypost/shared/testing';
import { Gazetteer } from './gazetteer';

// [id, level, name, parent, population, lat, lng]
const PLACES: [string, PlaceLevel, string, string | null, number | null, number, number][] = [
  ['world', 'world', 'World', null, null, 0, 0],
  ['continent-eu', 'continent', 'Europe', 'world', null, 54.5, 15.3],
  ['continent-na', 'continent', 'North America', 'world', null, 54.5, -105.3],
  ['country-fr', 'country', 'France', 'continent-eu', null, 46.6, 2.5],
  ['country-us', 'country', 'United States', 'continent-na', null, 39.8, -98.6],
  ['region-fr-11', 'region', 'Île-de-France', 'country-fr', null, 48.7, 2.5],
  ['region-us-tx', 'region', 'Texas', 'country-us', null, 31.0, -99.0],
  ['city-2988507', 'city', 'Paris', 'region-fr-11', 2_138_551, 48.85, 2.35],
  ['city-4717560', 'city', 'Paris', 'region-us-tx', 24_782, 33.66, -95.56],
];

describe('Gazetteer name lookups', () => {
  let database: TestDatabase<PlacesDatabase>;
  let gazetteer: Gazetteer;

  beforeAll(async () => {
    database = await createTestDatabase<PlacesDatabase>();
    const chains = new Map<string, string[]>();
    for (const [id, , , parent] of PLACES) {
      chains.set(id, parent ? [...chains.get(parent)!, parent] : []);
    }
    await database.db
      .insertInto('places.places')
      .values(
        PLACES.map(([id, level, name, parentId, population, lat, lng]) => ({
          id,
          source: 'test',
          sourceId: id,
          level,
          name,
          parentId,
          ancestorIds: chains.get(id)!,
          population,
          centroid: sql`ST_SetSRID(ST_MakePoint(${lng}, ${lat}), 4326)`,
          contentHash: id,
          sourceUpdatedAt: new Date(),
        })),
      )
      .execute();
    gazetteer = new Gazetteer(database.db);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('finds places by exact name, most populous first, optionally by level', async () => {
    expect((await gazetteer.findByName('PARIS')).map((p) => p.id)).toEqual([
      'city-2988507',
      'city-4717560',
    ]);
    expect(await gazetteer.findByName('Paris', ['region'])).toEqual([]);
    expect(await gazetteer.findById('region-us-tx')).toMatchObject({
      name: 'Texas',
      ancestorIds: ['world', 'continent-na', 'country-us'],
    });
    expect((await gazetteer.ancestors('city-4717560')).map((p) => p.id)).toEqual([
      'world',
      'continent-na',
      'country-us',
      'region-us-tx',
    ]);
  });

  it('looks many names up at once, keyed by trimmed lower case', async () => {
    const found = await gazetteer.findByNames([' Paris', 'île-de-france', 'Atlantis', 'texas']);
    expect([...found.keys()].sort()).toEqual(['paris', 'texas', 'île-de-france']);
    expect(found.get('paris')!.map((p) => p.id)).toEqual(['city-2988507', 'city-4717560']);
    expect(found.get('île-de-france')![0]).toMatchObject({ id: 'region-fr-11', level: 'region' });
    expect(await gazetteer.findByNames([])).toEqual(new Map());
  });

  it('resolves sets of co-mentioned names with one lookup', async () => {
    const resolved = await gazetteer.resolveMentions([
      { names: ['Paris', 'Texas'] },
      { names: ['Paris', 'France'] },
      { names: ['Paris'] },
      { names: ['Paris'], context: [{ id: 'city-4717560', ancestorIds: [] }] },
      { names: ['Travel tips'] },
    ]);
    expect(resolved.map((set) => set.map((p) => p.id))).toEqual([
      ['city-4717560', 'region-us-tx'],
      ['city-2988507', 'country-fr'],
      ['city-2988507'],
      ['city-4717560'],
      [],
    ]);
  });
});

describe('Gazetteer assignment with the city grid', () => {
  let database: TestDatabase<PlacesDatabase>;

  beforeAll(async () => {
    database = await createTestDatabase<PlacesDatabase>();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('assigns every point as the database nearest-city lookup does', async () => {
    // A world, a country with a boundary (points inside it look for a city), and 400 cities in
    // clusters, two of them at one location (a tie broken by id).
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const cities = Array.from({ length: 400 }, (_, i) => ({
      id: `city-${String(i).padStart(3, '0')}`,
      lat: i < 200 ? 48 + random() * 2 : 60 + random() * 20,
      lng: i < 200 ? 2 + random() * 3 : -30 + random() * 60,
    }));
    cities.push({ id: 'city-twin-a', lat: 49, lng: 3 }, { id: 'city-twin-b', lat: 49, lng: 3 });
    const base = { source: 'test', contentHash: 'x', sourceUpdatedAt: new Date() };
    await database.db
      .insertInto('places.places')
      .values([
        {
          ...base,
          id: 'world',
          sourceId: 'world',
          level: 'world',
          name: 'World',
          parentId: null,
          ancestorIds: [],
          centroid: sql`ST_SetSRID(ST_MakePoint(0, 0), 4326)`,
        },
        {
          ...base,
          id: 'country-x',
          sourceId: 'country-x',
          level: 'country',
          name: 'X',
          parentId: 'world',
          ancestorIds: ['world'],
          centroid: sql`ST_SetSRID(ST_MakePoint(5, 50), 4326)`,
          boundary: sql`ST_Multi(ST_MakeEnvelope(0, 45, 10, 55, 4326))`,
        },
        ...cities.map((c) => ({
          ...base,
          id: c.id,
          sourceId: c.id,
          level: 'city' as const,
          name: c.id,
          parentId: 'world',
          ancestorIds: ['world'],
          centroid: sql`ST_SetSRID(ST_MakePoint(${c.lng}, ${c.lat}), 4326)`,
        })),
      ])
      .execute();
    await sql`insert into places.place_boundary_parts (place_id, geom)
      select id, (ST_Dump(ST_Subdivide(boundary))).geom from places.places where boundary is not null`.execute(
      database.db,
    );
    const gazetteer = new Gazetteer(database.db);
    const grid = await gazetteer.loadCityGrid();
    expect(grid.size).toBe(cities.length);
    const points = [
      { lat: 49, lng: 3 },
      { lat: 49.0001, lng: 3.0001 },
      { lat: 0, lng: 0 },
      ...Array.from({ length: 600 }, (_, i) => ({
        lat: i % 2 ? 47 + random() * 4 : 55 + random() * 30,
        lng: i % 2 ? 1 + random() * 5 : -40 + random() * 80,
      })),
    ];
    const expected = await gazetteer.assign(points);
    expect(await gazetteer.assign(points, { cities: grid })).toEqual(expected);
    const methods = new Set(expected.map((a) => a?.method ?? null));
    expect(methods).toEqual(new Set(['nearest-city', 'polygon', null]));
    expect(expected[0]).toMatchObject({ placeId: 'city-twin-a', method: 'nearest-city' });
  });
});

describe('Gazetteer assignment of coastal and offshore points', () => {
  let database: TestDatabase<PlacesDatabase>;
  let gazetteer: Gazetteer;

  beforeAll(async () => {
    database = await createTestDatabase<PlacesDatabase>();
    const base = { source: 'test', contentHash: 'x', sourceUpdatedAt: new Date() };
    const at = (lng: number, lat: number) => sql`ST_SetSRID(ST_MakePoint(${lng}, ${lat}), 4326)`;
    await database.db
      .insertInto('places.places')
      .values([
        {
          ...base,
          id: 'world',
          sourceId: 'w',
          level: 'world',
          name: 'World',
          parentId: null,
          ancestorIds: [],
          centroid: at(0, 0),
        },
        {
          ...base,
          id: 'country-pt',
          sourceId: 'pt',
          level: 'country',
          name: 'Portugal',
          parentId: 'world',
          ancestorIds: ['world'],
          centroid: at(-8, 39.6),
          // Stops short of the coast, like Natural Earth 1:50m.
          boundary: sql`ST_Multi(ST_MakeEnvelope(-8.9, 36.9, -6.2, 42.15, 4326))`,
        },
        {
          ...base,
          id: 'city-lisbon',
          sourceId: 'l',
          level: 'city',
          name: 'Lisbon',
          parentId: 'country-pt',
          ancestorIds: ['world', 'country-pt'],
          centroid: at(-9.13333, 38.71667),
        },
      ])
      .execute();
    await sql`insert into places.place_boundary_parts (place_id, geom)
      select id, ST_Subdivide(boundary, 64) from places.places where boundary is not null`.execute(
      database.db,
    );
    gazetteer = new Gazetteer(database.db);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('goes from polygon to nearest city to the nearest coast within the territorial sea', async () => {
    const [inland, coastalCity, offshore, farOffshore, ocean] = await gazetteer.assign([
      { lat: 40.2, lng: -8.0 }, // inside Portugal, no city within 25 km
      { lat: 38.71, lng: -9.14 }, // Lisbon's centre, outside the coarse polygon
      { lat: 39.5, lng: -9.1 }, // ~17 km off the polygon's coast, 87 km from Lisbon
      { lat: 39.5, lng: -9.3 }, // ~34 km off it
      { lat: 40, lng: -30 }, // the open Atlantic
    ]);
    expect(inland).toMatchObject({ placeId: 'country-pt', method: 'polygon' });
    expect(coastalCity).toEqual({
      placeId: 'city-lisbon',
      level: 'city',
      placeIds: ['world', 'country-pt', 'city-lisbon'],
      method: 'nearest-city',
    });
    expect(offshore).toEqual({
      placeId: 'country-pt',
      level: 'country',
      placeIds: ['world', 'country-pt'],
      method: 'coastal',
    });
    expect(farOffshore).toBeNull();
    expect(ocean).toBeNull();
    expect(await gazetteer.assignPoint({ lat: 39.5, lng: -9.1 })).toEqual(offshore);
    const grid = await gazetteer.loadCityGrid();
    expect(
      await gazetteer.assign(
        [
          { lat: 39.5, lng: -9.1 },
          { lat: 40, lng: -30 },
        ],
        { cities: grid },
      ),
    ).toEqual([offshore, null]);
  });
});
