import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ToursDatabase } from '@waypost/tours/schema';
import { TourWrite, TourWriteRepository } from '@waypost/tours/data-access/write';
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
const PARIS_TX = ['world', 'continent-na', 'country-us', 'region-us-tx', 'city-4717560'];
const NEXT_YEAR = new Date().getUTCFullYear() + 1;

function tour(
  sourceId: string,
  title: string,
  chains: readonly (readonly string[])[],
  extra: Omit<Partial<TourWrite>, 'departures'> & { departures?: string[] } = {},
): TourWrite {
  const { departures = [], ...rest } = extra;
  return {
    id: `test-${sourceId}`,
    source: 'test',
    sourceId,
    operator: 'viator',
    title,
    description: `About ${title}.`,
    durationMinutes: 120,
    priceAmount: '50.00',
    priceCurrency: 'EUR',
    ratingAverage: '4.00',
    ratingCount: 10,
    images: JSON.stringify([
      { url: `https://img.test/${sourceId}.jpg`, width: 720, height: 480, caption: null },
    ]),
    bookingUrl: `https://book.test/${sourceId}`,
    departures: JSON.stringify(
      departures.map((startDate) => ({
        startDate,
        finishDate: null,
        price: null,
        availability: 'AVAILABLE',
      })),
    ),
    departureDates: departures,
    startPlaceId: chains[0]!.at(-1)!,
    directPlaceIds: chains.map((c) => c.at(-1)!),
    placeIds: [...new Set(chains.flat())],
    sourceUpdatedAt: new Date('2026-01-01T00:00:00Z'),
    contentHash: sourceId,
    ...rest,
  };
}

/** Four tours: two in Berlin, one from Berlin to Paris (two countries), one in Paris, Texas. */
const ROWS: TourWrite[] = [
  tour('1', 'A Berlin walk', [BERLIN], {
    priceAmount: '25.00',
    ratingAverage: '4.80',
    durationMinutes: 180,
  }),
  tour('2', 'B Berlin by bike', [BERLIN], {
    operator: 'gadventures',
    priceAmount: '40.50',
    ratingAverage: null,
    ratingCount: 0,
    durationMinutes: 240,
    departures: ['2020-05-01', `${NEXT_YEAR}-05-01`, `${NEXT_YEAR}-07-01`],
  }),
  tour('3', 'C Berlin to Paris', [BERLIN, PARIS], {
    operator: 'gadventures',
    priceAmount: '690.00',
    ratingAverage: '4.50',
    durationMinutes: 3 * 1440,
    departures: [`${NEXT_YEAR}-06-15`],
  }),
  tour('4', 'D Paris, Texas', [PARIS_TX], {
    priceAmount: '35.00',
    priceCurrency: 'USD',
    ratingAverage: '3.90',
    durationMinutes: null,
  }),
];

describe('tours-api over HTTP', () => {
  let database: TestDatabase<ToursDatabase>;
  let app: NestFastifyApplication;
  let get: JsonApiGet;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedFixturePlaces(database.url);
    await database.db.transaction().execute((trx) => new TourWriteRepository().upsert(trx, ROWS));
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

  it('lists tours by name with every attribute the issue names', async () => {
    const list = await get('/tours');
    expect(list.status).toBe(200);
    expect(ids(list)).toEqual(['test-1', 'test-2', 'test-3', 'test-4']);
    expect(list.body.meta).toEqual({ page: { total: 4 } });
    const one = await get(list.body.data[1].links.self);
    expect(one.body.data.attributes).toEqual({
      title: 'B Berlin by bike',
      description: 'About B Berlin by bike.',
      operator: 'gadventures',
      durationMinutes: 240,
      price: { amount: '40.50', currency: 'EUR' },
      rating: { average: null, count: 0 },
      images: [{ url: 'https://img.test/2.jpg', width: 720, height: 480, caption: null }],
      bookingUrl: 'https://book.test/2',
      // Past departures are not next.
      nextDepartures: [
        {
          startDate: `${NEXT_YEAR}-05-01`,
          finishDate: null,
          price: null,
          availability: 'AVAILABLE',
        },
        {
          startDate: `${NEXT_YEAR}-07-01`,
          finishDate: null,
          price: null,
          availability: 'AVAILABLE',
        },
      ],
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('a multi-country tour is found from each country and from the continent', async () => {
    expect(ids(await get('/tours?filter[place]=country-de'))).toEqual([
      'test-1',
      'test-2',
      'test-3',
    ]);
    expect(ids(await get('/tours?filter[place]=country-fr'))).toEqual(['test-3']);
    expect(ids(await get('/tours?filter[place]=continent-eu'))).toEqual([
      'test-1',
      'test-2',
      'test-3',
    ]);
    expect(ids(await get('/tours?filter[place]=country-us'))).toEqual(['test-4']);
    expect(ids(await get('/tours?filter[place.direct]=city-2988507'))).toEqual(['test-3']);
    expect(ids(await get('/tours?filter[place.direct]=country-de'))).toEqual([]);
  });

  it('filters by operator, duration, price, rating and departures', async () => {
    expect(ids(await get('/tours?filter[operator]=gadventures'))).toEqual(['test-2', 'test-3']);
    expect(ids(await get('/tours?filter[durationMin]=200&filter[durationMax]=1000'))).toEqual([
      'test-2',
    ]);
    expect(ids(await get('/tours?filter[priceMax]=40.5'))).toEqual(['test-1', 'test-2', 'test-4']);
    expect(ids(await get('/tours?filter[priceMax]=40&filter[currency]=EUR'))).toEqual(['test-1']);
    expect(ids(await get('/tours?filter[ratingMin]=4.5'))).toEqual(['test-1', 'test-3']);
    expect(ids(await get(`/tours?filter[departingAfter]=${NEXT_YEAR}-06-01`))).toEqual([
      'test-2',
      'test-3',
    ]);
    expect(
      ids(
        await get(
          `/tours?filter[departingAfter]=${NEXT_YEAR}-06-01&filter[departingBefore]=${NEXT_YEAR}-06-30`,
        ),
      ),
    ).toEqual(['test-3']);
    expect(ids(await get('/tours?filter[place]=country-de&filter[operator]=viator'))).toEqual([
      'test-1',
    ]);
  });

  it.each([
    ['price', ['test-1', 'test-4', 'test-2', 'test-3']],
    ['-rating', ['test-1', 'test-3', 'test-4', 'test-2']],
    ['duration', ['test-1', 'test-2', 'test-3', 'test-4']],
    ['-name', ['test-4', 'test-3', 'test-2', 'test-1']],
  ])('sorts by %s, and pages through it with cursors', async (sort, expected) => {
    expect(ids(await get(`/tours?sort=${sort}`))).toEqual(expected);
    const first = await get(`/tours?sort=${sort}&page[size]=3`);
    expect([...ids(first), ...ids(await get(first.body.links.next))]).toEqual(expected);
  });

  it("pages through a place's roll-up in its sort order, with its total", async () => {
    const first = await get('/tours?filter[place]=continent-eu&page[size]=2&sort=-price');
    expect(ids(first)).toEqual(['test-3', 'test-2']);
    expect(first.body.meta).toEqual({ page: { total: 3 } });
    expect(ids(await get(first.body.links.next))).toEqual(['test-1']);
  });

  it('relates the visited places in order and the start place, and includes both', async () => {
    const answer = await get('/tours/test-3?include=visitedPlaces,startPlace');
    expect(answer.body.data.relationships).toEqual({
      visitedPlaces: {
        data: [
          { type: 'places', id: 'city-2950159' },
          { type: 'places', id: 'city-2988507' },
        ],
      },
      startPlace: { data: { type: 'places', id: 'city-2950159' } },
    });
    expect(answer.body.included.map((p: { id: string }) => p.id).sort()).toEqual([
      'city-2950159',
      'city-2988507',
    ]);
    const start = await get('/tours?filter[place]=country-fr&include=startPlace');
    expect(start.body.included.map((p: { id: string }) => p.id)).toEqual(['city-2950159']);
  });

  it("answers the gateway guide's part: the place's best-rated tours, with where they start", async () => {
    const guide = await get(
      '/tours?filter[place]=country-de&sort=-rating&page[size]=5&fields[tours]=title,operator,durationMinutes,price,rating,bookingUrl,startPlace',
    );
    expect(ids(guide)).toEqual(['test-1', 'test-3', 'test-2']);
    expect(Object.keys(guide.body.data[1].attributes)).toEqual([
      'title',
      'operator',
      'durationMinutes',
      'price',
      'rating',
      'bookingUrl',
    ]);
    expect(guide.body.data[1].relationships).toEqual({
      startPlace: { data: { type: 'places', id: 'city-2950159' } },
    });
  });

  it.each([
    ['/tours?filter[nope]=1', 'filter[nope]'],
    ['/tours?sort=url', 'sort'],
    ['/tours?page[size]=1000', 'page[size]'],
    ['/tours?include=places', 'include'],
    ['/tours?filter[operator]=acme', 'filter[operator]'],
    ['/tours?filter[durationMin]=1.5', 'filter[durationMin]'],
    ['/tours?filter[durationMax]=-1', 'filter[durationMax]'],
    ['/tours?filter[priceMax]=cheap', 'filter[priceMax]'],
    ['/tours?filter[currency]=euro', 'filter[currency]'],
    ['/tours?filter[ratingMin]=6', 'filter[ratingMin]'],
    ['/tours?filter[departingAfter]=tomorrow', 'filter[departingAfter]'],
    ['/tours?filter[departingBefore]=2026-02-30', 'filter[departingBefore]'],
  ])('answers %s with a 400 naming %s', async (path, parameter) => {
    const answer = await get(path);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].source).toEqual({ parameter });
  });

  it('answers an unknown id with a 404', async () => {
    expect((await get('/tours/nope')).status).toBe(404);
  });
});
