import { expectValidJsonApiDocument } from '@waypost/shared/testing';
import {
  GatewayTestBed,
  RunningGateway,
  bearer,
  createGatewayTestBed,
  routesDocument,
  startGateway,
  writeRoutesFile,
  json,
} from './support/gateway.harness';
import { StubUpstream, startHangingUpstream, startStubUpstream } from './support/stub-upstream';

describe('gateway routing to real upstreams over HTTP', () => {
  let bed: GatewayTestBed;
  let stable: StubUpstream;
  let canary: StubUpstream;
  let doomed: StubUpstream;
  let hanging: StubUpstream;
  let gateway: RunningGateway;
  let removeRoutes: () => Promise<void>;
  let partnerKey: string;
  let trialKey: string;
  let adminKey: string;

  beforeAll(async () => {
    bed = await createGatewayTestBed('gateway-routing');
    [stable, canary, doomed, hanging] = await Promise.all([
      startStubUpstream('stable'),
      startStubUpstream('canary'),
      startStubUpstream('doomed'),
      startHangingUpstream(),
    ]);
    const document = routesDocument(
      { stable: stable.url, canary: canary.url, doomed: doomed.url, hanging: hanging.url },
      {
        routes: [
          {
            prefix: '/places',
            upstream: 'stable',
            timeoutMs: 2000,
            plans: ['first-party', 'partner', 'trial'],
          },
          {
            prefix: '/pointsOfInterest',
            targets: [
              { upstream: 'stable', weight: 4 },
              { upstream: 'canary', weight: 1 },
            ],
            timeoutMs: 2000,
            plans: ['first-party', 'partner'],
          },
          { prefix: '/articles', upstream: 'doomed', timeoutMs: 2000, plans: ['partner'] },
          { prefix: '/tours', upstream: 'hanging', timeoutMs: 300, plans: ['partner'] },
        ],
      },
    );
    const routes = await writeRoutesFile(document);
    removeRoutes = routes.remove;
    gateway = await startGateway(bed.env(routes.file));
    partnerKey = (await bed.keys.create({ name: 'partner', plan: 'partner' })).key;
    trialKey = (await bed.keys.create({ name: 'trial', plan: 'trial' })).key;
    adminKey = (await bed.keys.create({ name: 'ops', plan: 'admin' })).key;
  });

  afterAll(async () => {
    await gateway.close();
    await Promise.all([stable, canary, doomed, hanging].map((upstream) => upstream.close()));
    await removeRoutes();
    await bed.drop();
  });

  it('passes path and query string through unchanged and streams the answer back with its headers', async () => {
    const query = '?filter%5Blevel%5D=country&page[size]=2&include=parent';
    const response = await gateway.get(`/v1/places${query}`, bearer(partnerKey));

    expect(response.status).toBe(200);
    expect(stable.seen.at(-1)!.url).toBe(`/places${query}`);
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json');
    expect(response.headers.get('etag')).toMatch(/^W\/"/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.get('vary')).toContain('Accept');
    const body = await json(response);
    expect(body.meta.servedBy).toBe('stable');
    expectValidJsonApiDocument(body);
  });

  it('streams documents too large to hold back whole', async () => {
    const padding = 1_000_000;
    const response = await gateway.get(
      `/v1/places/world/large?padding=${padding}`,
      bearer(partnerKey),
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    const body = JSON.parse(text);
    expect(body.meta.padding).toHaveLength(padding);
    expectValidJsonApiDocument(body);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const url = `${gateway.url}/v1/places/country-de`;
    const response = await fetch(url, { method: 'HEAD', headers: bearer(partnerKey) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json');
    expect(response.headers.get('etag')).toMatch(/^W\/"/);
    expect(await response.text()).toBe('');
  });

  it('passes If-None-Match on and the upstream 304 back', async () => {
    const first = await gateway.get('/v1/places/country-de', bearer(partnerKey));
    const etag = first.headers.get('etag')!;
    const second = await gateway.get('/v1/places/country-de', {
      ...bearer(partnerKey),
      'if-none-match': etag,
    });
    expect(second.status).toBe(304);
    expect(second.headers.get('etag')).toBe(etag);
    expect(await second.text()).toBe('');
  });

  it('passes the upstream 404 error document back as it is', async () => {
    const response = await gateway.get('/v1/places/nowhere', bearer(partnerKey));
    expect(response.status).toBe(404);
    const body = await json(response);
    expect(body.errors[0].code).toBe('not-found');
    expectValidJsonApiDocument(body);
  });

  it('generates an x-request-id, or passes the caller\u2019s on, to the upstream and back', async () => {
    const generated = await gateway.get('/v1/places/world', bearer(partnerKey));
    const id = generated.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(stable.seen.at(-1)!.headers['x-request-id']).toBe(id);

    const passed = await gateway.get('/v1/places/world', {
      ...bearer(partnerKey),
      'x-request-id': 'trace-42',
    });
    expect(passed.headers.get('x-request-id')).toBe('trace-42');
    expect(stable.seen.at(-1)!.headers['x-request-id']).toBe('trace-42');
    expect(stable.seen.at(-1)!.headers['x-forwarded-prefix']).toBe('/v1');
    expect(stable.seen.at(-1)!.headers['authorization']).toBeUndefined();
  });

  it('splits a canary route close to its weights', async () => {
    const servedBy: Record<string, number> = {};
    for (let i = 0; i < 200; i++) {
      const response = await gateway.get('/v1/pointsOfInterest', bearer(partnerKey));
      const { meta } = await json(response);
      servedBy[meta.servedBy] = (servedBy[meta.servedBy] ?? 0) + 1;
    }
    expect(servedBy['stable']! + servedBy['canary']!).toBe(200);
    expect(servedBy['canary']! / 200).toBeCloseTo(0.2, 1);
  });

  it('answers 502 as a JSON:API error when an upstream has stopped, and other routes go on', async () => {
    expect((await gateway.get('/v1/articles', bearer(partnerKey))).status).toBe(200);
    await doomed.close();

    const response = await gateway.get('/v1/articles', bearer(partnerKey));
    expect(response.status).toBe(502);
    const body = await json(response);
    expect(body.errors[0]).toMatchObject({
      status: '502',
      code: 'bad-gateway',
      meta: { upstream: 'doomed' },
    });
    expectValidJsonApiDocument(body);
    expect((await gateway.get('/v1/places/world', bearer(partnerKey))).status).toBe(200);
  });

  it('answers 504 as a JSON:API error when an upstream hangs past the route timeout, and other routes go on', async () => {
    const [slow, fast] = await Promise.all([
      gateway.get('/v1/tours?filter[place]=country-de', bearer(partnerKey)),
      gateway.get('/v1/places/world', bearer(partnerKey)),
    ]);
    expect(fast.status).toBe(200);
    expect(slow.status).toBe(504);
    const body = await json(slow);
    expect(body.errors[0]).toMatchObject({
      status: '504',
      code: 'gateway-timeout',
      meta: { upstream: 'hanging' },
    });
    expectValidJsonApiDocument(body);
    expect(hanging.seen.at(-1)!.url).toBe('/tours?filter[place]=country-de');
  });

  it('keeps routes to the plans configured for them', async () => {
    const response = await gateway.get('/v1/pointsOfInterest', bearer(trialKey));
    expect(response.status).toBe(403);
    expectValidJsonApiDocument(await json(response));
    expect((await gateway.get('/v1/places/world', bearer(trialKey))).status).toBe(200);
  });

  it('answers unknown paths with a JSON:API 404', async () => {
    const response = await gateway.get('/v1/nothing-here', bearer(partnerKey));
    expect(response.status).toBe(404);
    expectValidJsonApiDocument(await json(response));
  });

  it('shows the routes in force to admin keys only', async () => {
    expect((await gateway.get('/admin/routes')).status).toBe(401);
    expect((await gateway.get('/admin/routes', bearer(partnerKey))).status).toBe(403);

    const response = await gateway.get('/admin/routes', bearer(adminKey));
    expect(response.status).toBe(200);
    const body = await json(response);
    expectValidJsonApiDocument(body);
    const canaryRoute = body.data.find((route: { id: string }) => route.id === '/pointsOfInterest');
    expect(canaryRoute.attributes).toEqual({
      path: '/v1/pointsOfInterest',
      targets: [
        { upstream: 'stable', weight: 4, url: stable.url },
        { upstream: 'canary', weight: 1, url: canary.url },
      ],
      timeoutMs: 2000,
      plans: ['first-party', 'partner'],
    });
    expect(body.meta.plans.trial).toMatchObject({ requestsPerWindow: 5, whenRedisDown: 'closed' });
  });

  it('answers CORS preflights for configured origins only, and sends security headers', async () => {
    const preflight = (origin: string) =>
      fetch(`${gateway.url}/v1/places`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
    const other = await preflight('https://evil.example.net');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const response = await gateway.get('/v1/places/world', {
      ...bearer(partnerKey),
      origin: 'https://app.example.com',
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-expose-headers')).toContain('RateLimit-Remaining');
    expect(response.headers.get('vary')).toMatch(/Origin/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('serves health and metrics, with the request histogram by route template and upstream', async () => {
    expect((await gateway.get('/health/live')).status).toBe(200);
    const ready = await gateway.get('/health/ready');
    expect(ready.status).toBe(200);
    expect((await json(ready)).info).toMatchObject({
      postgres: { status: 'up' },
      redis: { status: 'up' },
    });

    const metrics = await (await gateway.get('/metrics')).text();
    expect(metrics).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/v1\/pointsOfInterest"[^}]*upstream="canary"[^}]*\} \d+/,
    );
    expect(metrics).toMatch(
      /gateway_upstream_request_duration_seconds_count\{[^}]*upstream="hanging"[^}]*outcome="timeout"/,
    );
  });
});
