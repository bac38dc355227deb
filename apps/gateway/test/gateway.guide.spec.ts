import { expectValidJsonApiDocument } from '@waypost/shared/testing';
import {
  ALL_PLANS,
  GatewayTestBed,
  RunningGateway,
  bearer,
  createGatewayTestBed,
  routesDocument,
  startGateway,
  writeRoutesFile,
  json,
} from './support/gateway.harness';
import {
  STUB_POINTS_OF_INTEREST,
  StubUpstream,
  startHangingUpstream,
  startStubUpstream,
  stoppedUpstreamUrl,
} from './support/stub-upstream';

type Identifier = { type: string; id: string };

describe('GET /v1/places/{id}/guide', () => {
  let bed: GatewayTestBed;
  let places: StubUpstream;
  let hanging: StubUpstream;
  let stopped: string;
  let key: string;
  const cleanups: (() => Promise<void>)[] = [];

  // A gateway whose guide takes its parts (beyond the place) from the given upstreams.
  async function gatewayWithParts(
    placeUpstream: string,
    parts: { name: string; upstream: string; path?: string }[],
  ): Promise<RunningGateway> {
    const base = routesDocument({ places: places.url, hanging: hanging.url, stopped });
    const routes = await writeRoutesFile({
      ...base,
      guide: {
        plans: ALL_PLANS,
        place: { upstream: placeUpstream, path: '/places/{id}?include=ancestors', timeoutMs: 500 },
        parts: parts.map((part) => ({
          name: part.name,
          relationship: part.name,
          upstream: part.upstream,
          path: part.path ?? '/pointsOfInterest?filter[place]={id}&page[size]=10',
          timeoutMs: 300,
        })),
      },
    });
    const gateway = await startGateway(bed.env(routes.file));
    cleanups.push(() => gateway.close(), routes.remove);
    return gateway;
  }

  beforeAll(async () => {
    bed = await createGatewayTestBed('gateway-guide');
    [places, hanging, stopped] = await Promise.all([
      startStubUpstream('places'),
      startHangingUpstream(),
      stoppedUpstreamUrl(),
    ]);
    key = (await bed.keys.create({ name: 'guide', plan: 'partner' })).key;
  });

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    await places.close();
    await hanging.close();
    await bed.drop();
  });

  it('answers one compound document: the place, its ancestors and its points of interest, each once', async () => {
    const gateway = await gatewayWithParts('places', [
      { name: 'pointsOfInterest', upstream: 'places' },
    ]);
    const response = await gateway.get('/v1/places/city-2950159/guide', bearer(key));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json');
    expect(response.headers.get('etag')).toMatch(/^W\/"/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    const guide = await json(response);
    expectValidJsonApiDocument(guide);
    expect(guide.data).toMatchObject({ type: 'places', id: 'city-2950159' });
    expect(guide.meta).toEqual({ unavailable: [] });
    expect(guide.links.self).toBe(`${gateway.url}/v1/places/city-2950159/guide`);

    const included = guide.included.map((r: Identifier) => `${r.type}/${r.id}`);
    expect(included).toEqual([
      'places/world',
      'places/continent-eu',
      'places/country-de',
      ...STUB_POINTS_OF_INTEREST.map((poi) => `pointsOfInterest/${poi.id}`),
    ]);
    // Full linkage: every included resource is reachable from the place.
    expect(guide.data.relationships.ancestors.data.map((r: Identifier) => r.id)).toEqual([
      'world',
      'continent-eu',
      'country-de',
    ]);
    expect(guide.data.relationships.pointsOfInterest.data.map((r: Identifier) => r.id)).toEqual(
      STUB_POINTS_OF_INTEREST.map((poi) => poi.id),
    );
    expect(guide.data.relationships.pointsOfInterest.links.related).toBeDefined();

    const again = await gateway.get('/v1/places/city-2950159/guide', {
      ...bearer(key),
      'if-none-match': response.headers.get('etag')!,
    });
    expect(again.status).toBe(304);
  });

  it('still answers when parts fail, naming the ones whose upstream is down or hangs in meta.unavailable', async () => {
    const gateway = await gatewayWithParts('places', [
      { name: 'pointsOfInterest', upstream: 'places' },
      { name: 'articles', upstream: 'stopped', path: '/articles?filter[place]={id}' },
      { name: 'tours', upstream: 'hanging', path: '/tours?filter[place]={id}' },
    ]);
    const response = await gateway.get('/v1/places/country-de/guide', bearer(key));

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const guide = await json(response);
    expectValidJsonApiDocument(guide);
    expect(guide.meta.unavailable).toEqual(['articles', 'tours']);
    expect(guide.data.id).toBe('country-de');
    expect(guide.data.relationships.pointsOfInterest.data).toHaveLength(
      STUB_POINTS_OF_INTEREST.length,
    );
    expect(guide.data.relationships.articles).toBeUndefined();
    expect(hanging.seen.at(-1)!.url).toBe('/tours?filter[place]=country-de');
  });

  it('answers 404 for an unknown place', async () => {
    const gateway = await gatewayWithParts('places', [
      { name: 'pointsOfInterest', upstream: 'places' },
    ]);
    const response = await gateway.get('/v1/places/atlantis/guide', bearer(key));
    expect(response.status).toBe(404);
    const body = await json(response);
    expectValidJsonApiDocument(body);
    expect(body.errors[0]).toMatchObject({ status: '404', code: 'not-found' });
  });

  it.each([
    ['stopped', 502, 'bad-gateway'],
    ['hanging', 504, 'gateway-timeout'],
  ])('answers %s place upstream with %s', async (upstream, status, code) => {
    const gateway = await gatewayWithParts(upstream, [
      { name: 'pointsOfInterest', upstream: 'places' },
    ]);
    const response = await gateway.get('/v1/places/country-de/guide', bearer(key));
    expect(response.status).toBe(status);
    const body = await json(response);
    expectValidJsonApiDocument(body);
    expect(body.errors[0]).toMatchObject({ status: String(status), code, meta: { upstream } });
  });

  it('refuses query parameters and needs a key', async () => {
    const gateway = await gatewayWithParts('places', []);
    const withQuery = await gateway.get(
      '/v1/places/country-de/guide?include=children',
      bearer(key),
    );
    expect(withQuery.status).toBe(400);
    const body = await json(withQuery);
    expectValidJsonApiDocument(body);
    expect(body.errors[0]).toMatchObject({
      code: 'unknown-parameter',
      source: { parameter: 'include' },
    });

    expect((await gateway.get('/v1/places/country-de/guide')).status).toBe(401);
  });
});
