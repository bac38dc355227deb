import { DEFAULT_VIATOR_API_KEY } from './viator.catalogue';
import {
  VIATOR_FIXTURE_DESTINATIONS,
  VIATOR_FIXTURE_PRODUCTS,
  viatorFixtureCatalogue,
} from './viator.fixture';
import { ViatorStandIn, encodeViatorCursor, startViatorStandIn } from './viator.stand-in';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HEADERS = { 'exp-api-key': DEFAULT_VIATOR_API_KEY, Accept: 'application/json;version=2.0' };
const ALL_CODES = Object.values(VIATOR_FIXTURE_PRODUCTS).map((p) => p.record.productCode);

describe('Viator stand-in over HTTP', () => {
  let standIn: ViatorStandIn;
  let clock: Date;

  beforeEach(async () => {
    clock = new Date('2026-03-01T12:00:00.000Z');
    standIn = await startViatorStandIn(viatorFixtureCatalogue({ now: () => clock }));
  });
  afterEach(() => standIn.close());

  const get = async (path: string, headers: Record<string, string> = HEADERS) => {
    const res = await fetch(`${standIn.url}${path}`, { headers });
    return { res, body: (await res.json()) as Json };
  };
  const feed = (query: string) => get(`/products/modified-since?${query}`);
  /** Follows nextCursor to the end; returns the codes and the cursor of every page fetched. */
  const readFeed = async (count: number, cursor: string | null = null) => {
    const codes: string[] = [];
    const cursors: (string | null)[] = [];
    for (;;) {
      cursors.push(cursor);
      const { body } = await feed(`count=${count}${cursor ? `&cursor=${cursor}` : ''}`);
      codes.push(...body['products'].map((p: Json) => p['productCode']));
      if (!body['nextCursor']) return { codes, cursors };
      cursor = body['nextCursor'];
    }
  };

  it('serves the destination tree with lookupId chains, centres and three Victorias', async () => {
    const { res, body } = await get('/destinations');
    expect(res.status).toBe(200);
    const destinations: Json[] = body['destinations'];
    expect(body['totalCount']).toBe(destinations.length);
    const byId = new Map(destinations.map((d) => [d['destinationId'], d]));
    for (const d of destinations) {
      const parent = byId.get(d['parentDestinationId']);
      expect(d['lookupId']).toBe(
        parent ? `${parent['lookupId']}.${d['destinationId']}` : String(d['destinationId']),
      );
    }
    expect(byId.get(487)).toEqual({
      destinationId: 487,
      name: 'Munich',
      type: 'CITY',
      parentDestinationId: 23,
      lookupId: '6.187.23.487',
      destinationUrl: 'https://www.viator.com/Munich/d487-ttd',
      defaultCurrencyCode: 'EUR',
      timeZone: 'Europe/Berlin',
      center: { latitude: 48.1372, longitude: 11.5756 },
    });
    const victorias = destinations.filter((d) => d['name'] === 'Victoria');
    expect(victorias.map((d) => [d['lookupId'], d['type']])).toEqual([
      ['8.75.260.4387', 'CITY'],
      ['3.22.373', 'REGION'],
      ['1.4460.4461.4463', 'CITY'],
    ]);
  });

  it('pages the modification-ordered feed to the end; the last page has no nextCursor', async () => {
    const first = await feed('count=3');
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get('content-type')).toMatch(/application\/json/);
    expect(typeof first.body['nextCursor']).toBe('string');
    const product = first.body['products'][1];
    expect(product).toMatchObject({
      status: 'ACTIVE',
      productCode: '7781ALPS',
      title: 'Munich, Salzburg and Vienna in Three Days',
      duration: { fixedDurationInMinutes: 4320 },
      pricing: { summary: { fromPrice: 690 }, currency: 'EUR' },
      reviews: { totalReviews: 120, combinedAverageRating: 4.6 },
      destinations: [
        { ref: '487', primary: true },
        { ref: '531', primary: false },
        { ref: '454', primary: false },
      ],
      itinerary: { itineraryType: 'MULTI_DAY_TOUR' },
      supplier: { name: 'Fixture Tours GmbH' },
    });
    expect(product['images'][0]['variants'][0]['url']).toMatch(/^https:\/\//);
    const { codes, cursors } = await readFeed(3);
    expect(codes).toEqual(ALL_CODES);
    expect(cursors).toHaveLength(5);
    const inactive = (await feed('count=500')).body['products'].find(
      (p: Json) => p['status'] === 'INACTIVE',
    );
    expect(inactive).toEqual({
      status: 'INACTIVE',
      productCode: '1001OLD',
      createdAt: '2026-02-01T10:00:00.000Z',
      lastUpdatedAt: '2026-02-10T10:00:00.000Z',
    });
    const all = await feed('count=500');
    expect(all.body['nextCursor']).toBeUndefined();
    expect(all.body['products'].find((p: Json) => p['productCode'] === '9901BAD')['title']).toBe(
      null,
    );
  });

  it('resumes from a committed cursor: nothing lost, nothing doubled, changes at the end', async () => {
    const page1 = await feed('count=3');
    const page2 = await feed(`count=3&cursor=${page1.body['nextCursor']}`);
    const committed: string = page2.body['nextCursor'];
    const seen = [...page1.body['products'], ...page2.body['products']].map(
      (p: Json) => p['productCode'],
    );
    // A crash here; then the partner changes one product already read and one not read yet.
    clock = new Date('2026-03-02T08:00:00.000Z');
    const catalogue = standIn.catalogue;
    catalogue.edit('5010MUC', { pricing: { summary: { fromPrice: 27 }, currency: 'EUR' } });
    catalogue.deactivate('9101PRX');
    const rest = await readFeed(3, committed);
    expect([...seen, ...rest.codes].filter((c) => c !== '5010MUC' && c !== '9101PRX')).toEqual(
      ALL_CODES.filter((c) => c !== '5010MUC' && c !== '9101PRX'),
    );
    expect(rest.codes.slice(-2)).toEqual(['5010MUC', '9101PRX']);
    expect(rest.codes.filter((c) => c === '9101PRX')).toHaveLength(1);
    const tail = (await feed(`count=500&cursor=${committed}`)).body['products'];
    expect(tail.at(-2)).toMatchObject({
      productCode: '5010MUC',
      pricing: { summary: { fromPrice: 27 } },
      createdAt: '2026-02-01T10:00:00.000Z',
      lastUpdatedAt: '2026-03-02T08:00:00.000Z',
    });
    expect(Object.keys(tail.at(-1)).sort()).toEqual([
      'createdAt',
      'lastUpdatedAt',
      'productCode',
      'status',
    ]);
    // The same committed cursor gives the same answer again.
    expect((await readFeed(3, committed)).codes).toEqual(rest.codes);
  });

  it('starts from modified-since, and refuses bad count, cursor and parameter mixes', async () => {
    const since = await feed('count=500&modified-since=2026-02-11T00:00:00Z');
    expect(since.body['products'].map((p: Json) => p['productCode'])).toEqual([
      '6060PARNIGHT',
      '7070LOST',
      '9901BAD',
      '9902BAD',
    ]);
    for (const query of [
      'count=501',
      'count=0',
      'cursor=not-a-cursor',
      `cursor=${encodeViatorCursor(3)}&modified-since=2026-01-01T00:00:00Z`,
      'modified-since=yesterday',
    ]) {
      const { res, body } = await feed(query);
      expect([query, res.status, body['code']]).toEqual([query, 400, 'BAD_REQUEST']);
      expect(body['trackingId']).toEqual(expect.any(String));
    }
  });

  it('wants exp-api-key and Accept version 2.0', async () => {
    const noKey = await get('/destinations', { Accept: HEADERS.Accept });
    expect(noKey.res.status).toBe(401);
    expect(noKey.body['code']).toBe('UNAUTHORIZED');
    expect((await get('/destinations', { ...HEADERS, 'exp-api-key': 'nope' })).res.status).toBe(
      401,
    );
    const noVersion = await get('/destinations', { 'exp-api-key': DEFAULT_VIATOR_API_KEY });
    expect(noVersion.res.status).toBe(400);
    expect(noVersion.body['code']).toBe('INVALID_HEADER_VALUE');
    expect((await get('/products/search')).res.status).toBe(404);
  });

  it('sends RateLimit-* headers and answers 429 with Retry-After past the limit', async () => {
    await standIn.close();
    const catalogue = viatorFixtureCatalogue({
      now: () => clock,
      rateLimit: { limit: 2, windowSeconds: 10 },
    });
    standIn = await startViatorStandIn(catalogue);
    clock = new Date(Date.UTC(2026, 2, 1, 12, 0, 3));
    const first = await get('/destinations');
    expect(first.res.headers.get('ratelimit-limit')).toBe('2');
    expect(first.res.headers.get('ratelimit-remaining')).toBe('1');
    expect(first.res.headers.get('ratelimit-reset')).toBe('7');
    await get('/destinations');
    const refused = await get('/destinations');
    expect(refused.res.status).toBe(429);
    expect(refused.body['code']).toBe('TOO_MANY_REQUESTS');
    expect(refused.res.headers.get('retry-after')).toBe('7');
    expect(refused.res.headers.get('ratelimit-remaining')).toBe('0');
    clock = new Date(Date.UTC(2026, 2, 1, 12, 0, 10));
    expect((await get('/destinations')).res.status).toBe(200);
  });

  it('injects failures into the feed and logs every request', async () => {
    const catalogue = standIn.catalogue;
    catalogue.failRequests('products', 503, { times: 1, where: (p) => p.has('cursor') });
    const first = await feed('count=5');
    const failed = await feed(`count=5&cursor=${first.body['nextCursor']}`);
    expect(failed.res.status).toBe(503);
    expect(failed.body['code']).toBe('INTERNAL_SERVER_ERROR');
    expect((await feed(`count=5&cursor=${first.body['nextCursor']}`)).res.status).toBe(200);
    catalogue.hangRequests('destinations', { times: 1 });
    await expect(
      fetch(`${standIn.url}/destinations`, { headers: HEADERS, signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow(/abort|timeout/i);
    let ran = false;
    catalogue.beforeRequest('products', () => (ran = true));
    await feed('count=1');
    expect(ran).toBe(true);
    expect(catalogue.requests().map((r) => [r.route, r.status])).toEqual([
      ['products', 200],
      ['products', 503],
      ['products', 200],
      ['destinations', 0],
      ['products', 200],
    ]);
  });

  it('publishes new products at the end of the feed and keeps destinations fixed', async () => {
    const catalogue = standIn.catalogue;
    const { record } = VIATOR_FIXTURE_PRODUCTS.berlinFood;
    if (record.status !== 'ACTIVE') throw new Error('fixture');
    const { createdAt: _created, lastUpdatedAt: _updated, ...content } = record;
    void [_created, _updated];
    catalogue.publish({ ...content, productCode: '3302BERNIGHT', title: 'Berlin by Night' });
    const { codes } = await readFeed(500);
    expect(codes.at(-1)).toBe('3302BERNIGHT');
    expect(catalogue.product('3302BERNIGHT')).toMatchObject({
      createdAt: clock.toISOString(),
      lastUpdatedAt: clock.toISOString(),
    });
    expect(catalogue.destinations()).toHaveLength(Object.keys(VIATOR_FIXTURE_DESTINATIONS).length);
  });
});
