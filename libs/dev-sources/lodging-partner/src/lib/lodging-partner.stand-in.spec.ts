import {
  LODGING_FIXTURE_CITIES,
  LODGING_FIXTURE_PROPERTIES,
  lodgingFixturePartner,
} from './lodging-partner.fixture';
import { DEFAULT_LODGING_API_KEY, OPENED_PROPERTY_ID_START } from './lodging-partner.model';
import { LodgingPartnerStandIn, startLodgingPartnerStandIn } from './lodging-partner.stand-in';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('lodging partner stand-in over HTTP', () => {
  let standIn: LodgingPartnerStandIn;
  let now: number;
  const BERLIN = LODGING_FIXTURE_CITIES.berlin.id;

  beforeEach(async () => {
    now = 1_000_000;
    standIn = await startLodgingPartnerStandIn(
      lodgingFixturePartner({ requestsPerSecond: 100, now: () => now }),
    );
  });
  afterEach(() => standIn.close());

  const get = async (path: string, key: string | null = DEFAULT_LODGING_API_KEY) => {
    const res = await fetch(`${standIn.url}${path}`, {
      headers: key === null ? {} : { 'X-Api-Key': key },
    });
    return { res, body: (await res.json()) as Json };
  };
  const pullCity = async (cityId: number) => {
    const ids: number[] = [];
    for (let page = 1; ; page++) {
      const { body } = await get(`/cities/${cityId}/properties?page=${page}`);
      ids.push(...body['properties'].map((p: Json) => p['id']));
      if (page >= body['pagination'].totalPages) return ids;
    }
  };

  it('lists its own cities, with country codes and coordinates', async () => {
    const { res, body } = await get('/cities');
    expect(res.status).toBe(200);
    expect(body['cities']).toHaveLength(6);
    expect(body['cities'][2]).toEqual({
      id: 5003,
      name: 'Lisboa',
      country: 'Portugal',
      countryCode: 'PT',
      latitude: 38.7223,
      longitude: -9.1393,
    });
  });

  it('pages a city to the end in the documented envelope', async () => {
    const first = await get(`/cities/${BERLIN}/properties`);
    expect(first.body['location']).toEqual({
      city: { id: BERLIN, name: 'Berlin', country: 'Germany' },
    });
    expect(first.body['pagination']).toEqual({
      page: 1,
      pageSize: 2,
      totalPages: 3,
      totalResults: 5,
    });
    expect(first.body['properties'][0]).toEqual({
      id: 10001,
      name: 'Mitte Backpackers',
      type: 'HOSTEL',
      address1: '10 Example Street',
      address2: null,
      latitude: 52.5219,
      longitude: 13.4016,
      district: { id: 71, name: 'Mitte' },
      overallRating: { overall: 81, numberOfRatings: 11 },
      lowestPricePerNight: { value: '19.50', currency: 'EUR' },
      facilities: ['Free WiFi', 'Bar', '24 Hour Reception'],
      images: [{ prefix: 'https://img.lodging.example/10001/1', suffix: '.jpg' }],
    });
    expect(await pullCity(BERLIN)).toEqual([10001, 10002, 10003, 10004, 10005]);
    expect((await get(`/cities/${BERLIN}/properties?page=4`)).body['properties']).toEqual([]);
    const broken = await get(`/cities/${LODGING_FIXTURE_CITIES.lisbon.id}/properties`);
    expect(broken.body['properties'][1]).toMatchObject({ id: 30002, name: null });
  });

  it('refuses a missing or unknown key, a bad page and an unknown city', async () => {
    for (const key of [null, 'wrong']) {
      const { res, body } = await get('/cities', key);
      expect(res.status).toBe(401);
      expect(body['error']).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    }
    expect((await get(`/cities/${BERLIN}/properties?page=0`)).res.status).toBe(400);
    expect((await get('/cities/123/properties')).body['error'].code).toBe('CITY_NOT_FOUND');
    expect((await get('/hotels')).res.status).toBe(404);
  });

  it('answers 429 with Retry-After past its per-second budget, per key', async () => {
    const partner = lodgingFixturePartner({ requestsPerSecond: 3, now: () => now });
    await standIn.close();
    standIn = await startLodgingPartnerStandIn(partner);
    now = 5_400;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get('/cities')).res.status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await get('/cities');
    expect(refused.res.headers.get('retry-after')).toBe('1');
    expect(refused.body['error'].code).toBe('TOO_MANY_REQUESTS');
    now = 6_000;
    expect((await get('/cities')).res.status).toBe(200);
    expect(partner.budget.rejected).toBe(2);
  });

  it('injects a 5xx at a given page of a city, a slow page and a hanging page', async () => {
    const partner = standIn.partner;
    partner.failPage(3, 503, { cityId: BERLIN, times: 1 });
    expect((await get(`/cities/${BERLIN}/properties?page=2`)).res.status).toBe(200);
    const failed = await get(`/cities/${BERLIN}/properties?page=3`);
    expect(failed.res.status).toBe(503);
    expect(failed.body['error'].code).toBe('INTERNAL_ERROR');
    expect((await get(`/cities/${BERLIN}/properties?page=3`)).res.status).toBe(200);

    partner.slowPage(1, 60_000, { times: 1 });
    await expect(
      fetch(`${standIn.url}/cities/${BERLIN}/properties`, {
        headers: { 'X-Api-Key': DEFAULT_LODGING_API_KEY },
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow(/abort|timeout/i);
    partner.slowPage(1, 1, { times: 1 });
    expect((await get(`/cities/${BERLIN}/properties`)).res.status).toBe(200);
    partner.hangPage(2, { cityId: BERLIN, times: 1 });
    await expect(
      fetch(`${standIn.url}/cities/${BERLIN}/properties?page=2`, {
        headers: { 'X-Api-Key': DEFAULT_LODGING_API_KEY },
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow(/abort|timeout/i);
    partner.failCities(500, { times: 1 });
    expect((await get('/cities')).res.status).toBe(500);
    const log = partner.requests().map((r) => [r.cityId, r.page, r.status]);
    expect(log.slice(0, 3)).toEqual([
      [BERLIN, 2, 200],
      [BERLIN, 3, 503],
      [BERLIN, 3, 200],
    ]);
    expect(log.at(-2)).toEqual([BERLIN, 2, 0]);
  });

  it('changes prices, closes and opens properties between pulls', async () => {
    const partner = standIn.partner;
    const { mitteHotel, berlinApartment } = LODGING_FIXTURE_PROPERTIES;
    partner.setPrice(BERLIN, mitteHotel.property.id, '119.00');
    partner.closeProperty(BERLIN, berlinApartment.property.id);
    const opened = partner.openProperty(BERLIN, {
      ...mitteHotel.property,
      name: 'Brand New Hostel',
      type: 'HOSTEL',
    });
    expect(opened.id).toBe(OPENED_PROPERTY_ID_START);
    expect(await pullCity(BERLIN)).toEqual([10001, 10002, 10003, 10005, opened.id]);
    const { body } = await get(`/cities/${BERLIN}/properties`);
    expect(body['properties'][1]['lowestPricePerNight']).toEqual({
      value: '119.00',
      currency: 'EUR',
    });
    expect(() => partner.closeProperty(BERLIN, 424242)).toThrow(/no property/);
  });

  it('runs a change in the middle of a pull', async () => {
    standIn.partner.beforePage(2, () =>
      standIn.partner.closeProperty(BERLIN, LODGING_FIXTURE_PROPERTIES.mitteHostel.property.id),
    );
    // The partner pages by offset: a closing mid-pull shifts one property past the client.
    expect(await pullCity(BERLIN)).toEqual([10001, 10002, 10004, 10005]);
  });
});
