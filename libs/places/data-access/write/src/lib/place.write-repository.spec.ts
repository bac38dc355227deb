import { PlacesDatabase } from '@waypost/places/schema';
import { TestDatabase, createTestDatabase } from '@waypost/shared/testing';
import { PlaceWrite, PlaceWriteRepository } from './place.write-repository';

const WORLD: PlaceWrite = {
  id: 'world',
  source: 'test',
  sourceId: 'world',
  level: 'world',
  name: 'World',
  parentId: null,
  countryCode: null,
  population: null,
  lat: 0,
  lng: 0,
  boundary: null,
  contentHash: 'w1',
  sourceUpdatedAt: new Date('2026-01-01T00:00:00Z'),
};

describe('PlaceWriteRepository alternate names', () => {
  let database: TestDatabase<PlacesDatabase>;

  beforeAll(async () => {
    database = await createTestDatabase<PlacesDatabase>();
  });

  afterAll(async () => {
    await database?.drop();
  });

  const stored = async () =>
    (
      await database.db
        .selectFrom('places.places')
        .select(['id', 'alternateNames'])
        .orderBy('id')
        .execute()
    ).map((r) => [r.id, r.alternateNames]);

  it('writes them with the place (none when the source has none) and rewrites them on change', async () => {
    const repository = new PlaceWriteRepository();
    const munich: PlaceWrite = {
      ...WORLD,
      id: 'city-2867714',
      sourceId: '2867714',
      level: 'city',
      name: 'München',
      alternateNames: ['Munich', 'Monaco di Baviera', 'Mü"nchen\\'],
      parentId: 'world',
      contentHash: 'm1',
    };
    await database.db.transaction().execute((trx) => repository.upsert(trx, [WORLD, munich]));
    expect(await stored()).toEqual([
      ['city-2867714', ['Munich', 'Monaco di Baviera', 'Mü"nchen\\']],
      ['world', []],
    ]);
    await database.db
      .transaction()
      .execute((trx) =>
        repository.upsert(trx, [{ ...munich, alternateNames: ['Munich'], contentHash: 'm2' }]),
      );
    expect(await stored()).toEqual([
      ['city-2867714', ['Munich']],
      ['world', []],
    ]);
  });
});
