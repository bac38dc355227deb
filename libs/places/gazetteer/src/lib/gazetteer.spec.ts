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
