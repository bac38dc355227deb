import { randomBytes } from 'node:crypto';
import { expectValidJsonApiDocument } from '@waypost/shared/testing';
import {
  GatewayTestBed,
  RunningGateway,
  bearer,
  createGatewayTestBed,
  json,
  routesDocument,
  startGateway,
  writeRoutesFile,
} from './support/gateway.harness';
import { StubUpstream, startStubUpstream, stoppedUpstreamUrl } from './support/stub-upstream';

const randomKey = () => `wp_live_${randomBytes(32).toString('base64url')}`;

/** Sends `count` requests, `concurrency` at a time; the statuses seen, with how often. */
async function flood(
  count: number,
  send: (i: number) => Promise<Response>,
  concurrency = 32,
): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const response = await send(next++);
        await response.arrayBuffer();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }
    }),
  );
  return statuses;
}

/** The gateway's API key lookups (queries sent to PostgreSQL) so far, by outcome. */
async function keyLookups(gateway: RunningGateway): Promise<Record<string, number>> {
  const text = await (await gateway.get('/metrics')).text();
  const lookups: Record<string, number> = {};
  for (const [, outcome, value] of text.matchAll(
    /^gateway_api_key_lookups_total\{[^}]*outcome="(\w+)"[^}]*\} (\d+)$/gm,
  ))
    lookups[outcome] = Number(value);
  return lookups;
}

describe('the gateway against strangers: malformed URLs, key floods, client limits', () => {
  let bed: GatewayTestBed;
  let upstream: StubUpstream;
  let routesFile: string;
  let removeRoutes: () => Promise<void>;
  const gateways: RunningGateway[] = [];
  const start = async (extra: Record<string, string> = {}) => {
    const gateway = await startGateway(bed.env(routesFile, extra));
    gateways.push(gateway);
    return gateway;
  };

  beforeAll(async () => {
    bed = await createGatewayTestBed('gateway-strangers');
    upstream = await startStubUpstream('places');
    const routes = await writeRoutesFile(routesDocument({ places: upstream.url }));
    routesFile = routes.file;
    removeRoutes = routes.remove;
  });

  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.close()));
    await upstream.close();
    await removeRoutes();
    await bed.drop();
  });

  it('answers a malformed percent-encoding in the path with a JSON:API 404, and forwards the rest as sent', async () => {
    const gateway = await start();
    const { key } = await bed.keys.create({ name: 'paths', plan: 'partner' });

    for (const path of ['/v1/places/%ZZ', '/v1/places/%E0%A4%A', '/v1/places/abc%']) {
      const response = await gateway.get(path, bearer(key));
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(response.headers.get('content-type')).toBe('application/vnd.api+json');
      const body = await json(response);
      expectValidJsonApiDocument(body);
      expect(JSON.stringify(body)).not.toContain('FST_');
    }
    // The query string and NUL bytes are the read service's to judge: they reach it unchanged.
    const seen = upstream.seen.length;
    await gateway.get('/v1/places?filter[level]=%ZZ', bearer(key));
    await gateway.get('/v1/places/world%00', bearer(key));
    expect(upstream.seen.slice(seen).map((request) => request.url)).toEqual([
      '/places?filter[level]=%ZZ',
      '/places/world%00',
    ]);
  });

  it('lets 10,000 requests with random well-formed keys from one address cause at most its unknown-key budget of lookups', async () => {
    const gateway = await start({
      GATEWAY_CLIENT_UNKNOWN_KEYS_PER_MINUTE: '20',
      GATEWAY_KEY_CACHE_TTL_MS: '300000',
    });
    const { key } = await bed.keys.create({ name: 'regular', plan: 'partner' });
    expect((await gateway.get('/v1/places/world', bearer(key))).status).toBe(200);

    const started = performance.now();
    const statuses = await flood(10_000, () =>
      gateway.get('/v1/places/world', bearer(randomKey())),
    );
    // The budget is per minute: on a machine slow enough to need more, each minute brings 20 more.
    const minutes = Math.floor((performance.now() - started) / 60_000) + 1;

    expect(statuses[401]! + statuses[429]!).toBe(10_000);
    expect(statuses[401]).toBeGreaterThanOrEqual(20);
    expect(statuses[401]).toBeLessThanOrEqual(20 * minutes);
    expect(await keyLookups(gateway)).toEqual({ found: 1, unknown: statuses[401] });
    // The key this address already used still works from the cache; the refusal is a JSON:API 429.
    expect((await gateway.get('/v1/places/world', bearer(key))).status).toBe(200);
    const refused = await gateway.get('/v1/places/world', bearer(randomKey()));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expectValidJsonApiDocument(await json(refused));
  });

  it('keeps per-address budgets apart behind a trusted proxy', async () => {
    const gateway = await start({
      GATEWAY_TRUSTED_PROXIES: 'loopback',
      GATEWAY_CLIENT_UNKNOWN_KEYS_PER_MINUTE: '3',
    });
    const { key } = await bed.keys.create({ name: 'neighbour', plan: 'partner' });
    const from = (address: string, headers: Record<string, string>) =>
      gateway.get('/v1/places/world', { ...headers, 'x-forwarded-for': address });

    const attacker = await flood(10, () => from('203.0.113.7', bearer(randomKey())), 1);
    expect(attacker).toEqual({ 401: 3, 429: 7 });
    // A spoofed X-Forwarded-For chain does not help: the proxy's last hop names the client.
    expect((await from('198.51.100.1, 203.0.113.7', bearer(randomKey()))).status).toBe(429);
    expect((await from('203.0.113.7', bearer(key))).status).toBe(429);
    expect((await from('198.51.100.2', bearer(key))).status).toBe(200);
  });

  it('refuses an address over its request limit before looking at its key', async () => {
    const gateway = await start({ GATEWAY_CLIENT_REQUESTS_PER_MINUTE: '50' });
    const { key } = await bed.keys.create({ name: 'busy', plan: 'partner' });

    const statuses = await flood(60, () => gateway.get('/v1/places/world', bearer(key)), 4);

    expect(statuses).toEqual({ 200: 50, 429: 10 });
    const refused = await gateway.get('/v1/places/world');
    expect(refused.status).toBe(429);
    const body = await json(refused);
    expectValidJsonApiDocument(body);
    expect(body.errors[0].detail).toContain('from this address');
  });

  it('evicts the least recently used keys instead of forgetting every key at 10,000', async () => {
    const gateway = await start({
      GATEWAY_CLIENT_UNKNOWN_KEYS_PER_MINUTE: '100000',
      GATEWAY_KEY_CACHE_TTL_MS: '300000',
    });
    const { key } = await bed.keys.create({ name: 'steady', plan: 'first-party' });
    expect((await gateway.get('/v1/places/world', bearer(key))).status).toBe(200);

    // Unknown keys past both caches' bounds, the steady key used now and then.
    const statuses = await flood(10_500, (i) =>
      gateway.get('/v1/places/world', bearer(i % 1_000 === 0 ? key : randomKey())),
    );

    expect(statuses).toEqual({ 200: 11, 401: 10_489 });
    expect(await keyLookups(gateway)).toEqual({ found: 1, unknown: 10_489 });
  });

  it('answers readiness naming the dependency that is down, not its host', async () => {
    const gateway = await start({
      REDIS_URL: (await stoppedUpstreamUrl()).replace('http', 'redis'),
    });

    const response = await gateway.get('/health/ready');

    expect(response.status).toBe(503);
    const body = await response.text();
    const document = JSON.parse(body);
    expectValidJsonApiDocument(document);
    expect(document.errors[0].meta.health).toMatchObject({
      status: 'error',
      error: { redis: { status: 'down' } },
      info: { postgres: { status: 'up' } },
    });
    expect(body).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|timed out/);
  });
});
