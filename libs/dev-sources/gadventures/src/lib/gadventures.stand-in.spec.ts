import { listenStandIn, routeByPrefix } from '@waypost/dev-sources/http';
import { DEFAULT_GADVENTURES_API_KEY } from './gadventures.catalogue';
import { GADVENTURES_FIXTURE_DOSSIERS, gAdventuresFixtureCatalogue } from './gadventures.fixture';
import {
  GAdventuresStandIn,
  gAdventuresRequestHandler,
  startGAdventuresStandIn,
} from './gadventures.stand-in';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KEY = { 'X-Application-Key': DEFAULT_GADVENTURES_API_KEY };
const ALL_IDS = Object.values(GADVENTURES_FIXTURE_DOSSIERS).map((d) => d.record.dossier.id);

describe('G Adventures stand-in over HTTP', () => {
  let standIn: GAdventuresStandIn;
  let clock: Date;

  beforeEach(async () => {
    clock = new Date('2026-03-01T12:00:00.000Z');
    standIn = await startGAdventuresStandIn(gAdventuresFixtureCatalogue({ now: () => clock }));
  });
  afterEach(() => standIn.close());

  const get = async (pathOrUrl: string, headers: Record<string, string> = KEY) => {
    const res = await fetch(
      pathOrUrl.startsWith('http') ? pathOrUrl : `${standIn.url}${pathOrUrl}`,
      { headers },
    );
    return { res, body: (await res.json()) as Json };
  };
  /** Follows `links` rel=next to the end; returns the ids listed. */
  const listAll = async (query: string) => {
    const ids: string[] = [];
    let next: string | undefined = `/tour_dossiers?${query}`;
    while (next) {
      const { body }: { body: Json } = await get(next);
      ids.push(...body['results'].map((r: Json) => r['id']));
      next = body['links'].find((l: Json) => l['rel'] === 'next')?.href;
    }
    return ids;
  };

  it('lists dossier stubs in its envelope and pages to the end by links', async () => {
    const { res, body } = await get('/tour_dossiers?max_per_page=2');
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ count: 7, max_per_page: 2, current_page: 1 });
    expect(body['results'][0]).toEqual({
      id: '21001',
      href: `${standIn.url}/tour_dossiers/21001`,
      name: 'Munich, Salzburg & Vienna',
      product_line: 'EMSV',
      date_created: '2026-02-01T10:00:00Z',
      date_last_modified: '2026-02-03T10:00:00Z',
    });
    expect(body['links']).toEqual([
      { href: `${standIn.url}/tour_dossiers?max_per_page=2&page=2`, rel: 'next' },
    ]);
    const second = await get('/tour_dossiers?max_per_page=2&page=2');
    expect(second.body['links'].map((l: Json) => l['rel'])).toEqual(['prev', 'next']);
    expect(await listAll('max_per_page=2')).toEqual(ALL_IDS);
    expect((await get('/tour_dossiers?max_per_page=2&page=5')).res.status).toBe(404);
  });

  it('serves a dossier with its geography and the places visited day by day', async () => {
    const { body } = await get('/tour_dossiers/21001');
    expect(body['geography']).toMatchObject({
      region: { name: 'Europe' },
      start_city: { name: 'Munich', country: { id: 'DE' } },
      finish_city: { name: 'Vienna', country: { id: 'AT' } },
      primary_country: { id: 'AT', name: 'Austria' },
      visited_countries: [
        { id: 'DE', href: `${standIn.url}/countries/DE`, name: 'Germany' },
        { id: 'AT', href: `${standIn.url}/countries/AT`, name: 'Austria' },
      ],
    });
    const itinerary = body['structured_itineraries'][0];
    expect(itinerary['days'].map((d: Json) => d['end_location']['name'])).toEqual([
      'Munich',
      'Munich',
      'Salzburg',
      'Salzburg',
      'Vienna',
      'Vienna',
    ]);
    expect(itinerary['days'][2]).toMatchObject({
      day: 3,
      label: 'Day 3 Munich/Salzburg',
      start_location: { name: 'Munich', latitude: 48.1351, longitude: 11.582 },
      end_location: { id: '7000102', name: 'Salzburg', country: { id: 'AT' } },
    });
    expect(body['departures']).toEqual({ href: `${standIn.url}/tour_dossiers/21001/departures` });
    expect(body['site_links'][0]['href']).toMatch(/^https:\/\/www\.gadventures\.com\//);
    const departures = await get('/tour_dossiers/21001/departures');
    expect(departures.body).toMatchObject({ count: 3, current_page: 1, links: [] });
    expect(departures.body['results'][0]).toMatchObject({
      start_date: '2026-05-01',
      finish_date: '2026-05-06',
      lowest_pp2a_prices: [
        { currency: 'EUR', amount: '1190.00' },
        { currency: 'USD', amount: '1297.10' },
        { currency: 'GBP', amount: '1023.40' },
      ],
      availability: { status: 'AVAILABLE', total: 12 },
    });
    const broken = await get('/tour_dossiers/21007');
    expect(broken.body).toMatchObject({ name: null, geography: null });
    expect((await get('/tour_dossiers/99999')).res.status).toBe(404);
  });

  it('sorts and filters by date_last_modified, and names a bad parameter', async () => {
    const recent = await get(
      '/tour_dossiers?order_by__desc=date_last_modified&date_last_modified__gt=2026-02-06T10:00:00Z',
    );
    expect(recent.body['results'].map((r: Json) => r['id'])).toEqual(['21007', '21006', '21005']);
    const from = await get(
      '/tour_dossiers?order_by__asc=date_last_modified&date_last_modified__gte=2026-02-08T10:00:00Z',
    );
    expect(from.body['results'].map((r: Json) => r['id'])).toEqual(['21006', '21007']);
    for (const [query, field] of [
      ['max_per_page=101', 'max_per_page'],
      ['order_by__asc=price', 'order_by__asc'],
      ['date_last_modified__gt=last-week', 'date_last_modified__gt'],
      ['page=0', 'page'],
    ]) {
      const { res, body } = await get(`/tour_dossiers?${query}`);
      expect([res.status, body['errors'][0]?.field]).toEqual([400, field]);
      expect(body['http_status_code']).toBe(400);
    }
  });

  it('refuses a missing key and answers 429 with Retry-After past its budget', async () => {
    const refused = await get('/tour_dossiers', {});
    expect(refused.res.status).toBe(401);
    expect(refused.body['http_status_code']).toBe(401);
    await standIn.close();
    standIn = await startGAdventuresStandIn(
      gAdventuresFixtureCatalogue({ now: () => clock, requestsPerSecond: 1 }),
    );
    expect((await get('/tour_dossiers')).res.status).toBe(200);
    const limited = await get('/tour_dossiers');
    expect(limited.res.status).toBe(429);
    expect(limited.res.headers.get('retry-after')).toBe('1');
  });

  it('changes dossiers and departures (bumping date_last_modified) and lets dossiers vanish', async () => {
    const catalogue = standIn.catalogue;
    const before = await listAll('max_per_page=100');
    catalogue.remove('21004');
    expect(await listAll('max_per_page=100')).toEqual(before.filter((id) => id !== '21004'));
    expect((await get('/tour_dossiers/21004')).res.status).toBe(404);
    catalogue.update('21002', { name: 'Berlin & Hamburg by Train' });
    const record = catalogue.dossier('21003')!;
    catalogue.setDepartures('21003', [
      {
        ...record.departures[0]!,
        lowest_pp2a_prices: [{ currency: 'EUR', amount: '499.00' }],
      },
    ]);
    const changed = await get('/tour_dossiers?date_last_modified__gt=2026-03-01T00:00:00Z');
    expect(changed.body['results']).toEqual([
      expect.objectContaining({
        id: '21002',
        name: 'Berlin & Hamburg by Train',
        date_last_modified: '2026-03-01T12:00:00Z',
      }),
      expect.objectContaining({ id: '21003', date_last_modified: '2026-03-01T12:00:00Z' }),
    ]);
    const departures = await get('/tour_dossiers/21003/departures');
    expect(departures.body['results'][0]['lowest_pp2a_prices']).toEqual([
      { currency: 'EUR', amount: '499.00' },
    ]);
    const added = catalogue.add({
      ...record,
      dossier: { ...record.dossier, id: '21008', href: '/tour_dossiers/21008' },
    });
    expect(added.dossier.date_created).toBe('2026-03-01T12:00:00Z');
    expect(() => catalogue.remove('424242')).toThrow(/no dossier/);
  });

  it('injects failures into a list page and a dossier, and logs requests', async () => {
    const catalogue = standIn.catalogue;
    catalogue.failPage(2, 502, { times: 1 });
    catalogue.failDossier('tour_dossier', 500, { id: '21001', times: 1 });
    expect((await get('/tour_dossiers?max_per_page=2&page=2')).res.status).toBe(502);
    expect((await get('/tour_dossiers?max_per_page=2&page=2')).res.status).toBe(200);
    expect((await get('/tour_dossiers/21001')).res.status).toBe(500);
    expect((await get('/tour_dossiers/21001')).res.status).toBe(200);
    catalogue.hangPage(1, { times: 1 });
    await expect(
      fetch(`${standIn.url}/tour_dossiers`, { headers: KEY, signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow(/abort|timeout/i);
    expect(catalogue.requests().map((r) => [r.route, r.status])).toEqual([
      ['tour_dossiers', 502],
      ['tour_dossiers', 200],
      ['tour_dossier', 500],
      ['tour_dossier', 200],
      ['tour_dossiers', 0],
    ]);
  });

  it('makes hrefs absolute under the prefix it is mounted at', async () => {
    const catalogue = gAdventuresFixtureCatalogue();
    const server = await listenStandIn(
      routeByPrefix(
        { '/gadventures': gAdventuresRequestHandler(catalogue, { pathPrefix: '/gadventures' }) },
        (_req, res) => res.writeHead(404).end(),
      ),
    );
    try {
      const first = await get(`${server.url}/gadventures/tour_dossiers?max_per_page=3`);
      expect(first.body['results'][0]['href']).toBe(
        `${server.url}/gadventures/tour_dossiers/21001`,
      );
      const next = first.body['links'][0]['href'];
      expect(next).toBe(`${server.url}/gadventures/tour_dossiers?max_per_page=3&page=2`);
      expect((await get(next)).body['current_page']).toBe(2);
    } finally {
      await server.close();
    }
  });
});
