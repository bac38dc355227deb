import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LodgingType, LodgingsDatabase } from '@waypost/lodgings/schema';
import { LodgingWrite, LodgingWriteRepository } from '@waypost/lodgings/data-access/write';
import { seedFixturePlaces } from '@waypost/places/testing';
import {
  JsonApiAnswer,
  JsonApiGet,
  TestDatabase,
  createJsonApiClient,
  createTestDatabase,
} from '@waypost/shared/testing';
import { loadLodgingsApiConfig } from '../src/lodgings-api.config';
import { createLodgingsApi } from '../src/lodgings-api.app';

// Links are built on the public base URL (the gateway's /v1 in a deployment), not on the socket.
const PUBLIC_BASE_URL = 'https://api.waypost.test/v1';
const BERLIN = ['world', 'continent-eu', 'country-de', 'region-de-16', 'city-2950159'];
const MITTE = [...BERLIN, 'neighborhood-2950159-mitte'];
const PARIS = ['world', 'continent-eu', 'country-fr', 'region-fr-11', 'city-2988507'];
const TEXAS = ['world', 'continent-na', 'country-us', 'region-us-tx', 'city-4717560'];

interface Seed {
  readonly id: string;
  readonly name: string;
  readonly type: LodgingType;
  readonly chain: readonly string[];
  readonly at: [number, number];
  readonly price: [string, string] | null;
  readonly rating: number | null;
  readonly facilities: string[];
}

/** Five lodgings: two in Mitte, one elsewhere in Berlin, one in Paris, one in Paris (Texas). */
const SEEDS: readonly Seed[] = [
  {
    id: '1',
    name: 'Mitte Backpackers',
    type: 'hostel',
    chain: MITTE,
    at: [52.5219, 13.4016],
    price: ['19.50', 'EUR'],
    rating: 84,
    facilities: ['Free WiFi', 'Bar'],
  },
  {
    id: '2',
    name: 'Hotel am Hackeschen Markt',
    type: 'hotel',
    chain: MITTE,
    at: [52.5226, 13.4023],
    price: ['129.00', 'EUR'],
    rating: 91,
    facilities: ['Free WiFi'],
  },
  {
    id: '3',
    name: 'Fresh Start Hostel',
    type: 'hostel',
    chain: BERLIN,
    at: [52.53, 13.38],
    price: ['24.00', 'EUR'],
    rating: null,
    facilities: [],
  },
  {
    id: '4',
    name: 'Hôtel du Marais',
    type: 'hotel',
    chain: PARIS,
    at: [48.859, 2.362],
    price: ['189.00', 'EUR'],
    rating: 77,
    facilities: ['Bar'],
  },
  {
    id: '5',
    name: 'Eiffel Tower Inn',
    type: 'hotel',
    chain: TEXAS,
    at: [33.66, -95.55],
    price: ['79.00', 'USD'],
    rating: 70,
    facilities: ['Parking'],
  },
];

function row(s: Seed): LodgingWrite {
  return {
    id: `partner-${s.id}`,
    source: 'partner',
    sourceId: s.id,
    partition: '1',
    name: s.name,
    type: s.type,
    address: `${s.id} Example Street`,
    district: s.chain === MITTE ? 'Mitte' : null,
    latitude: s.at[0],
    longitude: s.at[1],
    rating: s.rating,
    ratingCount: s.rating === null ? 0 : 100,
    price: s.price?.[0] ?? null,
    currency: s.price?.[1] ?? null,
    facilities: s.facilities,
    images: [`https://img.lodging.example/${s.id}/1.jpg`],
    directPlaceIds: [s.chain[s.chain.length - 1]!],
    placeIds: s.chain,
    contentHash: s.id,
  };
}

describe('lodgings-api over HTTP', () => {
  let database: TestDatabase<LodgingsDatabase>;
  let app: NestFastifyApplication;
  let get: JsonApiGet;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedFixturePlaces(database.url);
    await database.db
      .transaction()
      .execute((trx) => new LodgingWriteRepository().upsert(trx, SEEDS.map(row)));
    app = await createLodgingsApi(
      loadLodgingsApiConfig({ DATABASE_URL: database.url, PUBLIC_BASE_URL, LOG_LEVEL: 'silent' }),
    );
    await app.listen(0, '127.0.0.1');
    // Every answer is held to JSON:API 1.1 and to openapi/lodgings.yaml.
    get = createJsonApiClient({
      origin: await app.getUrl(),
      publicBaseUrl: PUBLIC_BASE_URL,
      specs: [{ name: 'lodgings' }],
    });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const ids = (answer: JsonApiAnswer): string[] =>
    answer.body.data.map((r: { id: string }) => r.id.replace('partner-', ''));

  it('lists lodgings by name with every attribute, each at its own self link', async () => {
    const list = await get('/lodgings');
    expect(list.status).toBe(200);
    expect(ids(list)).toEqual(['5', '3', '2', '4', '1']);
    expect(list.body.meta).toEqual({ page: { total: 5 } });
    const one = await get(list.body.data[4].links.self);
    expect(one.body.data).toMatchObject({
      type: 'lodgings',
      id: 'partner-1',
      attributes: {
        name: 'Mitte Backpackers',
        lodgingType: 'hostel',
        address: '1 Example Street',
        district: 'Mitte',
        location: { type: 'Point', coordinates: [13.4016, 52.5219] },
        rating: 84,
        ratingCount: 100,
        lowestPricePerNight: { amount: '19.50', currency: 'EUR' },
        facilities: ['Free WiFi', 'Bar'],
        images: ['https://img.lodging.example/1/1.jpg'],
      },
      relationships: {
        place: {
          data: { type: 'places', id: 'neighborhood-2950159-mitte' },
          links: { related: `${PUBLIC_BASE_URL}/places/neighborhood-2950159-mitte` },
        },
      },
    });
  });

  it('finds lodgings in a neighborhood, its city and its country, and only there', async () => {
    expect(ids(await get('/lodgings?filter[place]=neighborhood-2950159-mitte'))).toEqual([
      '2',
      '1',
    ]);
    expect(ids(await get('/lodgings?filter[place]=city-2950159'))).toEqual(['3', '2', '1']);
    expect(ids(await get('/lodgings?filter[place]=country-de'))).toEqual(['3', '2', '1']);
    expect(ids(await get('/lodgings?filter[place]=continent-eu&sort=name'))).toEqual([
      '3',
      '2',
      '4',
      '1',
    ]);
    expect(ids(await get('/lodgings?filter[place]=country-fr'))).toEqual(['4']);
    expect(ids(await get('/lodgings?filter[place.direct]=city-2950159'))).toEqual(['3']);
    expect(ids(await get('/lodgings?filter[place.direct]=country-de'))).toEqual([]);
  });

  it('filters by type, price in a currency, rating and facilities', async () => {
    expect(ids(await get('/lodgings?filter[type]=hostel'))).toEqual(['3', '1']);
    expect(
      ids(await get('/lodgings?filter[type]=hostel,hotel&filter[place]=city-2950159')),
    ).toEqual(['3', '2', '1']);
    // "Hostels in Berlin under 30 EUR with a rating over 80".
    expect(
      ids(
        await get(
          '/lodgings?filter[place]=city-2950159&filter[type]=hostel&filter[priceMax]=30&filter[currency]=EUR&filter[ratingMin]=80',
        ),
      ),
    ).toEqual(['1']);
    // No conversion: 79 USD is not under 80 EUR, it is not in EUR at all.
    expect(ids(await get('/lodgings?filter[priceMax]=80&filter[currency]=EUR'))).toEqual([
      '3',
      '1',
    ]);
    expect(ids(await get('/lodgings?filter[priceMax]=80&filter[currency]=USD'))).toEqual(['5']);
    expect(ids(await get('/lodgings?filter[currency]=USD'))).toEqual(['5']);
    expect(ids(await get('/lodgings?filter[facility]=Free WiFi,Bar'))).toEqual(['1']);
    expect(ids(await get('/lodgings?filter[facility]=Bar'))).toEqual(['4', '1']);
  });

  it('finds lodgings near a point, nearest first, with the distance in meta', async () => {
    const near = await get(
      '/lodgings?filter[near]=52.5219,13.4016&filter[radius]=2000&sort=distance',
    );
    expect(ids(near)).toEqual(['1', '2', '3']);
    expect(near.body.data[0].meta).toEqual({ distance: 0 });
    expect(near.body.data[1].meta.distance).toBeGreaterThan(0);
  });

  it('sorts by price, rating and name, paging a roll-up with cursors in that order', async () => {
    expect(ids(await get('/lodgings?sort=price'))).toEqual(['1', '3', '5', '2', '4']);
    // Unrated last under -rating.
    expect(ids(await get('/lodgings?sort=-rating'))).toEqual(['2', '1', '4', '5', '3']);
    const first = await get('/lodgings?filter[place]=world&sort=price&page[size]=2');
    expect(ids(first)).toEqual(['1', '3']);
    expect(first.body.meta).toEqual({ page: { total: 5 } });
    const second = await get(first.body.links.next);
    expect(ids(second)).toEqual(['5', '2']);
    expect(ids(await get(second.body.links.next))).toEqual(['4']);
    expect(ids(await get(second.body.links.prev))).toEqual(['1', '3']);
    const byRating = await get('/lodgings?filter[place]=city-2950159&sort=-rating&page[size]=1');
    expect(ids(byRating)).toEqual(['2']);
    expect(ids(await get(byRating.body.links.next))).toEqual(['1']);
  });

  it('includes the place it is indexed at', async () => {
    const answer = await get('/lodgings/partner-4?include=place');
    expect(answer.body.data.relationships.place.data).toEqual({
      type: 'places',
      id: 'city-2988507',
    });
    expect(answer.body.included).toEqual([
      expect.objectContaining({
        type: 'places',
        id: 'city-2988507',
        attributes: expect.objectContaining({ name: 'Paris' }),
      }),
    ]);
    const list = await get('/lodgings?filter[place]=city-2950159&include=place');
    expect(list.body.included.map((p: { id: string }) => p.id).sort()).toEqual([
      'city-2950159',
      'neighborhood-2950159-mitte',
    ]);
  });

  it.each([
    ['/lodgings?filter[nope]=1', 'filter[nope]'],
    ['/lodgings?sort=url', 'sort'],
    ['/lodgings?sort=distance', 'sort'],
    ['/lodgings?page[size]=1000', 'page[size]'],
    ['/lodgings?filter[type]=castle', 'filter[type]'],
    ['/lodgings?filter[priceMax]=cheap&filter[currency]=EUR', 'filter[priceMax]'],
    ['/lodgings?filter[priceMax]=30', 'filter[priceMax]'],
    ['/lodgings?filter[currency]=euro', 'filter[currency]'],
    ['/lodgings?filter[ratingMin]=101', 'filter[ratingMin]'],
    ['/lodgings?filter[near]=91,0', 'filter[near]'],
    ['/lodgings?filter[radius]=100', 'filter[radius]'],
    ['/lodgings?include=places', 'include'],
    ['/lodgings/partner-1?include=nope', 'include'],
    ['/lodgings?filter[place]=city%00', 'filter[place]'],
    ['/lodgings?filter[place.direct]=city%00', 'filter[place.direct]'],
    ['/lodgings?filter[facility]=Bar%00', 'filter[facility]'],
  ])('answers %s with a 400 naming %s', async (path, parameter) => {
    const answer = await get(path);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].source).toEqual({ parameter });
  });

  it("answers the gateway guide's part: the place's best-rated lodgings", async () => {
    const guide = await get(
      '/lodgings?filter[place]=city-2950159&sort=-rating&page[size]=5&fields[lodgings]=name,lodgingType,rating,ratingCount,lowestPricePerNight,place',
    );
    expect(ids(guide)).toEqual(['2', '1', '3']);
    expect(Object.keys(guide.body.data[0].attributes)).toEqual([
      'name',
      'lodgingType',
      'rating',
      'ratingCount',
      'lowestPricePerNight',
    ]);
  });

  it('answers an unknown id with a 404', async () => {
    expect((await get('/lodgings/nope')).status).toBe(404);
    expect((await get('/lodgings/partner-1%00')).status).toBe(404);
  });
});
