import {
  OpenApiDocument,
  createResponseValidator,
  loadOpenApi,
  matchPath,
} from '@waypost/shared/testing';
import {
  ALL_PLANS,
  GatewayTestBed,
  RunningGateway,
  bearer,
  createGatewayTestBed,
  routesDocument,
  startGateway,
  writeRoutesFile,
} from './support/gateway.harness';
import {
  StubUpstream,
  startHangingUpstream,
  startStubUpstream,
  stoppedUpstreamUrl,
} from './support/stub-upstream';

const spec = loadOpenApi('gateway');
const validator = createResponseValidator(spec);

// The headers the spec marks required for this answer, following $refs.
function requiredHeaders(doc: OpenApiDocument, template: string, status: number): string[] {
  const follow = (node: unknown): Record<string, unknown> => {
    const ref = (node as { $ref?: string })?.$ref;
    if (!ref) return (node ?? {}) as Record<string, unknown>;
    return follow(
      ref
        .slice(2)
        .split('/')
        .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], doc),
    );
  };
  const responses = follow((doc.paths![template]['get'] as { responses: unknown }).responses);
  const key = [String(status), `${String(status)[0]}XX`].find(
    (candidate) => candidate in responses,
  )!;
  const headers = follow(follow(responses[key])['headers']);
  return Object.entries(headers)
    .filter(([, header]) => follow(header)['required'] === true)
    .map(([name]) => name.toLowerCase());
}

describe('real gateway answers held to openapi/gateway.yaml', () => {
  let bed: GatewayTestBed;
  let places: StubUpstream;
  let hanging: StubUpstream;
  let gateways: RunningGateway[];
  const cleanups: (() => Promise<void>)[] = [];
  let partner: string;
  let trial: string;

  /** Sends the request and checks status, body and required headers against the spec. */
  async function holdToSpec(
    gateway: RunningGateway,
    path: string,
    headers: Record<string, string>,
    expectedStatus: number,
    options: { proxied?: boolean; rateLimited?: boolean } = {},
  ) {
    const response = await gateway.get(path, headers);
    expect(response.status).toBe(expectedStatus);
    const text = await response.text();
    const template = matchPath(spec, 'get', path);
    // A proxied 200 is the dataset's own document, held to that dataset's spec by its own tests.
    if (!(options.proxied && expectedStatus === 200)) {
      validator.validate(
        'get',
        template,
        response.status,
        response.headers.get('content-type') ?? undefined,
        text === '' ? undefined : JSON.parse(text),
      );
    }
    const required = requiredHeaders(spec, template, response.status).filter(
      (name) =>
        options.rateLimited !== false || !['ratelimit-remaining', 'ratelimit-reset'].includes(name),
    );
    for (const name of required)
      expect([name, response.headers.get(name)]).toEqual([name, expect.any(String)]);
  }

  beforeAll(async () => {
    bed = await createGatewayTestBed('gateway-openapi');
    places = await startStubUpstream('places');
    hanging = await startHangingUpstream();
    const stopped = await stoppedUpstreamUrl();
    const document = routesDocument(
      { places: places.url, hanging: hanging.url, stopped },
      {
        routes: [
          { prefix: '/places', upstream: 'places', timeoutMs: 1000, plans: ALL_PLANS },
          { prefix: '/pointsOfInterest', upstream: 'stopped', timeoutMs: 1000, plans: ['partner'] },
          { prefix: '/places/slow', upstream: 'hanging', timeoutMs: 200, plans: ['partner'] },
        ],
      },
    );
    const routes = await writeRoutesFile(document);
    const downRedis = (await stoppedUpstreamUrl()).replace('http:', 'redis:');
    gateways = await Promise.all([
      startGateway(bed.env(routes.file)),
      startGateway(bed.env(routes.file, { REDIS_URL: downRedis })),
    ]);
    cleanups.push(...gateways.map((gateway) => () => gateway.close()), routes.remove);
    partner = (await bed.keys.create({ name: 'partner', plan: 'partner' })).key;
    trial = (await bed.keys.create({ name: 'trial', plan: 'trial' })).key;
  });

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    await places.close();
    await hanging.close();
    await bed.drop();
  });

  it('holds the guide, its 304 and its errors to the spec', async () => {
    const [gateway] = gateways;
    await holdToSpec(gateway, '/v1/places/city-2950159/guide', bearer(partner), 200);
    const etag = (await gateway.get('/v1/places/city-2950159/guide', bearer(partner))).headers.get(
      'etag',
    )!;
    await holdToSpec(
      gateway,
      '/v1/places/city-2950159/guide',
      { ...bearer(partner), 'if-none-match': etag },
      304,
    );
    await holdToSpec(gateway, '/v1/places/city-2950159/guide?include=x', bearer(partner), 400);
    await holdToSpec(gateway, '/v1/places/atlantis/guide', bearer(partner), 404);
    await holdToSpec(
      gateway,
      '/v1/places/city-2950159/guide',
      { ...bearer(partner), accept: 'application/vnd.api+json; charset=utf-8' },
      406,
    );
    await holdToSpec(gateway, '/v1/places/city-2950159/guide', {}, 401);
  });

  it('holds proxied answers and the gateway\u2019s own errors to the spec', async () => {
    const [gateway, withoutRedis] = gateways;
    await holdToSpec(gateway, '/v1/places?filter[level]=country', bearer(partner), 200, {
      proxied: true,
    });
    await holdToSpec(gateway, '/v1/places/country-de', { 'x-api-key': partner }, 200, {
      proxied: true,
    });
    await holdToSpec(gateway, '/v1/places/atlantis', bearer(partner), 404, { proxied: true });
    await holdToSpec(gateway, '/v1/places/country-de', bearer(`wp_live_${'x'.repeat(43)}`), 401);
    await holdToSpec(gateway, '/v1/pointsOfInterest', bearer(trial), 403);
    await holdToSpec(gateway, '/v1/pointsOfInterest', bearer(partner), 502);
    await holdToSpec(gateway, '/v1/places/slow', bearer(partner), 504);
    for (let i = 0; i < 5; i++) await gateway.get('/v1/places/world', bearer(trial));
    await holdToSpec(gateway, '/v1/places/world', bearer(trial), 429);
    await holdToSpec(withoutRedis, '/v1/places/world', bearer(trial), 503);
    await holdToSpec(withoutRedis, '/v1/places/world', bearer(partner), 200, {
      proxied: true,
      rateLimited: false,
    });
  });
});
