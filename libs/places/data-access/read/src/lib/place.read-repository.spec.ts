import { sql } from 'kysely';
import { PlaceLevel, PlacesDatabase } from '@waypost/places/schema';
import { TestDatabase, createTestDatabase } from '@waypost/shared/testing';
import { PlaceReadRepository, placeSortValue } from './place.read-repository';

// [id, level, name, population, alternate names]
const PLACES: [string, PlaceLevel, string, number | null, string[]?][] = [
  ['world', 'world', 'World', null],
  ['region-fr-11', 'region', 'Île-de-France', 12_000_000],
  ['city-paris', 'city', 'Paris', 2_138_551],
  ['city-paris-tx', 'city', 'Paris', 24_782],
  ['city-paris-ky', 'city', 'PARIS', 9_870],
  ['city-damparis', 'city', 'Damparis', 2_800],
  ['city-fond-parisien', 'city', 'Fond Parisien', 30_000],
  ['city-parisot', 'city', 'Parisot', 1_000],
  ['city-fontenay', 'city', 'Fontenay-en-Parisis', 2_000],
  ['city-zurich', 'city', 'Zürich', 341_730],
  ['city-zurich-ks', 'city', 'Zurich', 100],
  ['city-zug', 'city', 'Zug', 30_000],
  ['region-luxembourg', 'region', 'Luxembourg', 120_000],
  ['country-lu', 'country', 'Luxembourg', 120_000],
  ['city-luxembourg', 'city', 'Luxembourg', 120_000],
  ['city-100%', 'city', '100% Town', 5],
  ['city-100x', 'city', '100x Town', 5],
  ['city-2867714', 'city', 'München', 1_260_391, ['Munich', 'Monaco di Baviera', 'Minga']],
  ['city-2886242', 'city', 'Köln', 963_395, ['Cologne', 'Colonia', 'Keulen']],
  ['city-3178287', 'city', 'Cologne', 7_032],
];

describe('PlaceReadRepository search', () => {
  let database: TestDatabase<PlacesDatabase>;
  let places: PlaceReadRepository;

  beforeAll(async () => {
    database = await createTestDatabase<PlacesDatabase>();
    await database.db
      .insertInto('places.places')
      .values(
        PLACES.map(([id, level, name, population, alternateNames]) => ({
          id,
          source: 'test',
          sourceId: id,
          level,
          name,
          alternateNames,
          parentId: id === 'world' ? null : 'world',
          ancestorIds: id === 'world' ? [] : ['world'],
          population,
          centroid: sql`ST_SetSRID(ST_MakePoint(0, 0), 4326)`,
          contentHash: id,
          sourceUpdatedAt: new Date(),
        })),
      )
      .execute();
    places = new PlaceReadRepository(database.db);
  });

  afterAll(async () => {
    await database?.drop();
  });

  const byRelevance = { sort: [{ field: 'relevance' as const, direction: 'asc' as const }] };
  const search = async (q: string, size = 20) =>
    (await places.list({ q }, { ...byRelevance, size })).rows.map((r) => r.id);

  it('ranks exact names first (case-insensitive, by population), then prefixes, then fuzzy matches', async () => {
    const found = await search('paris');
    expect(found.slice(0, 3)).toEqual(['city-paris', 'city-paris-tx', 'city-paris-ky']);
    expect(found[3]).toBe('city-parisot');
    expect(found.slice(4)).toEqual(expect.arrayContaining(['city-damparis', 'city-fond-parisien']));
    expect(found).not.toContain('city-zurich');
  });

  it('ignores accents both ways', async () => {
    expect((await search('zurich'))[0]).toBe('city-zurich');
    expect((await search('ZÜRICH')).slice(0, 2)).toEqual(['city-zurich', 'city-zurich-ks']);
    expect((await search('ile-de-france'))[0]).toBe('region-fr-11');
    expect((await search('Zu')).slice(0, 3)).toEqual(['city-zurich', 'city-zug', 'city-zurich-ks']);
  });

  it('breaks ties of population by level, coarsest first, then by id', async () => {
    expect(await search('luxembourg')).toEqual([
      'country-lu',
      'region-luxembourg',
      'city-luxembourg',
    ]);
  });

  it('matches alternate and English names exactly, ranked with the names themselves', async () => {
    expect((await search('munich'))[0]).toBe('city-2867714');
    expect((await search('MINGA'))[0]).toBe('city-2867714');
    expect((await search('cologne')).slice(0, 2)).toEqual(['city-2886242', 'city-3178287']);
    expect((await search('koln'))[0]).toBe('city-2886242');
    // Alternate names match whole, not by prefix.
    expect(await search('Keul')).not.toContain('city-2886242');
  });

  it('takes % and _ in a query literally', async () => {
    expect(await search('100%')).toEqual(['city-100%']);
  });

  it('pages through the ranking with cursors, forwards and backwards', async () => {
    const all = await search('paris');
    const first = await places.list({ q: 'paris' }, { ...byRelevance, size: 2 });
    const last = first.rows.at(-1)!;
    const cursor = [placeSortValue(last, 'relevance'), last.id];
    const next = await places.list({ q: 'paris' }, { ...byRelevance, size: 3, after: cursor });
    expect(next.rows.map((r) => r.id)).toEqual(all.slice(2, 5));
    const back = await places.list({ q: 'paris' }, { ...byRelevance, size: 2, before: cursor });
    expect(back.rows.map((r) => r.id)).toEqual(all.slice(0, 1));
    expect(await places.count({ q: 'paris' }, 1000)).toBe(all.length);
  });

  it('finds nothing for an empty id list', async () => {
    const page = await places.list({ ids: [] }, { sort: [], size: 20 });
    expect(page.rows).toEqual([]);
    expect(await places.count({ ids: [] }, 1000)).toBe(0);
  });
});
