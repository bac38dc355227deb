import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ToursDatabase } from '@waypost/tours/schema';
import { TourWriteRepository } from '@waypost/tours/data-access/write';
import { seedFixturePlaces } from '@waypost/places/testing';
import {
  JsonApiAnswer,
  JsonApiGet,
  TestDatabase,
  createJsonApiClient,
  createTestDatabase,
} from '@waypost/shared/testing';
import { loadToursApiConfig } from '../src/tours-api.config';
import { createToursApi } from '../src/tours-api.app';

// Links are built on the public base URL (the gateway's /v1 in a deployment), not on the socket.
const PUBLIC_BASE_URL = 'https://api.waypost.test/v1';
const BERLIN = ['world', 'continent-eu', 'country-de', 'region-de-16', 'city-2950159'];
const PARIS = ['world', 'continent-eu', 'country-fr', 'region-fr-11', 'city-2988507'];

/** Three tours: two in Berlin, one in Paris (names sort A, B, C). */
const ROWS = [
  { sourceId: '1', name: 'A Berlin tour', chain: BERLIN, at: [52.52, 13.405] },
  { sourceId: '2', name: 'B Berlin tour', chain: BERLIN, at: [52.51, 13.39] },
  { sourceId: '3', name: 'C Paris tour', chain: PARIS, at: [48.8566, 2.3522] },
] as const;

describe('tours-api over HTTP', () => {
  let database: TestDatabase<ToursDatabase>;
  let app: NestFastifyApplication;
  let get: JsonApiGet;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedFixturePlaces(database.url);
    await database.db.transaction().execute((trx) =>
      new TourWriteRepository().upsert(
        trx,
        ROWS.map((r) => ({
          id: `test-${r.sourceId}`,
          source: 'test',
          sourceId: r.sourceId,
          name: r.name,
          description: `About ${r.name}.`,
          url: `https://example.test/${r.sourceId}`,
          latitude: r.at[0],
          longitude: r.at[1],
          directPlaceIds: [r.chain[r.chain.length - 1]!],
          placeIds: r.chain,
          sourceUpdatedAt: new Date(`2026-01-0${r.sourceId}T00:00:00Z`),
          contentHash: r.sourceId,
        })),
      ),
    );
    app = await createToursApi(
      loadToursApiConfig({ DATABASE_URL: database.url, PUBLIC_BASE_URL, LOG_LEVEL: 'silent' }),
    );
    await app.listen(0, '127.0.0.1');
    // Every answer is held to JSON:API 1.1 and to openapi/tours.yaml.
    get = createJsonApiClient({
      origin: await app.getUrl(),
      publicBaseUrl: PUBLIC_BASE_URL,
      specs: [{ name: 'tours' }],
    });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const ids = (answer: JsonApiAnswer): string[] =>
    answer.body.data.map((r: { id: string }) => r.id);

  it('lists tours by name, each at its own self link', async () => {
    const list = await get('/tours');
    expect(list.status).toBe(200);
    expect(ids(list)).toEqual(['test-1', 'test-2', 'test-3']);
    expect(list.body.meta).toEqual({ page: { total: 3 } });
    const one = await get(list.body.data[2].links.self);
    expect(one.body.data.attributes).toMatchObject({
      name: 'C Paris tour',
      location: { type: 'Point', coordinates: [2.3522, 48.8566] },
    });
  });

  it('finds tours from their place and every place above it, and only there', async () => {
    expect(ids(await get('/tours?filter[place]=city-2950159'))).toEqual(['test-1', 'test-2']);
    expect(ids(await get('/tours?filter[place]=continent-eu'))).toEqual([
      'test-1',
      'test-2',
      'test-3',
    ]);
    expect(ids(await get('/tours?filter[place]=country-fr'))).toEqual(['test-3']);
    expect(ids(await get('/tours?filter[place.direct]=country-de'))).toEqual([]);
  });

  it("pages through a place's roll-up in order, with its total", async () => {
    const first = await get('/tours?filter[place]=continent-eu&page[size]=2&sort=-name');
    expect(ids(first)).toEqual(['test-3', 'test-2']);
    expect(first.body.meta).toEqual({ page: { total: 3 } });
    expect(ids(await get(first.body.links.next))).toEqual(['test-1']);
    expect((await get('/tours?filter[place]=city-2950159')).body.meta).toEqual({
      page: { total: 2 },
    });
  });

  it('pages with cursors and sorts by the whitelisted fields', async () => {
    const first = await get('/tours?page[size]=2&sort=-updatedAt');
    expect(ids(first)).toEqual(['test-3', 'test-2']);
    expect(ids(await get(first.body.links.next))).toEqual(['test-1']);
  });

  it('includes the places it is indexed at', async () => {
    const answer = await get('/tours/test-3?include=places');
    expect(answer.body.data.relationships.places.data).toEqual([
      { type: 'places', id: 'city-2988507' },
    ]);
    expect(answer.body.included.map((p: { id: string }) => p.id)).toEqual(['city-2988507']);
  });

  it.each([
    ['/tours?filter[nope]=1', 'filter[nope]'],
    ['/tours?sort=url', 'sort'],
    ['/tours?page[size]=1000', 'page[size]'],
    ['/tours?filter[updatedAfter]=yesterday', 'filter[updatedAfter]'],
  ])('answers %s with a 400 naming %s', async (path, parameter) => {
    const answer = await get(path);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].source).toEqual({ parameter });
  });

  it('answers an unknown id with a 404', async () => {
    expect((await get('/tours/nope')).status).toBe(404);
  });
});
