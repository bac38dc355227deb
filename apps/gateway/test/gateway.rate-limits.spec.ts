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
import { StubUpstream, startStubUpstream, stoppedUpstreamUrl } from './support/stub-upstream';

describe('rate limits shared through Redis', () => {
  let bed: GatewayTestBed;
  let upstream: StubUpstream;
  let routesFile: string;
  let removeRoutes: () => Promise<void>;

  beforeAll(async () => {
    bed = await createGatewayTestBed('gateway-rate-limits');
    upstream = await startStubUpstream('places');
    // trial: 5 requests per 60 s, fails closed; partner: 10000, fails open (support/gateway.harness.ts).
    const routes = await writeRoutesFile(routesDocument({ places: upstream.url }));
    routesFile = routes.file;
    removeRoutes = routes.remove;
  });

  afterAll(async () => {
    await upstream.close();
    await removeRoutes();
    await bed.drop();
  });

  describe('with Redis up', () => {
    let replicas: RunningGateway[];

    beforeAll(async () => {
      replicas = await Promise.all([1, 2].map(() => startGateway(bed.env(routesFile))));
    });
    afterAll(() => Promise.all(replicas.map((replica) => replica.close())));

    it('counts one key across two replicas and answers 429 with Retry-After over the limit', async () => {
      const { key } = await bed.keys.create({ name: 'trial', plan: 'trial' });
      const remaining: string[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await replicas[i % 2].get('/v1/places/world', bearer(key));
        expect(response.status).toBe(200);
        expect(response.headers.get('ratelimit-limit')).toBe('5');
        expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
        remaining.push(response.headers.get('ratelimit-remaining')!);
      }
      expect(remaining).toEqual(['4', '3', '2', '1', '0']);

      for (const replica of replicas) {
        const refused = await replica.get('/v1/places/world', bearer(key));
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
        expect(refused.headers.get('ratelimit-remaining')).toBe('0');
        const body = await json(refused);
        expectValidJsonApiDocument(body);
        expect(body.errors[0]).toMatchObject({ status: '429', code: 'too-many-requests' });
      }
      expect(upstream.seen.filter((seen) => seen.url === '/places/world')).toHaveLength(5);
    });

    it('counts each key on its own', async () => {
      const [a, b] = await Promise.all([
        bed.keys.create({ name: 'a', plan: 'trial' }),
        bed.keys.create({ name: 'b', plan: 'trial' }),
      ]);
      for (let i = 0; i < 5; i++) await replicas[0].get('/v1/places/world', bearer(a.key));
      const other = await replicas[1].get('/v1/places/world', bearer(b.key));
      expect(other.status).toBe(200);
      expect(other.headers.get('ratelimit-remaining')).toBe('4');
    });

    it('sends the RateLimit headers on upstream errors too', async () => {
      const { key } = await bed.keys.create({ name: 'c', plan: 'partner' });
      const response = await replicas[0].get('/v1/places/nowhere', bearer(key));
      expect(response.status).toBe(404);
      expect(response.headers.get('ratelimit-limit')).toBe('10000');
      expect(response.headers.get('ratelimit-remaining')).toBe('9999');
    });
  });

  describe('with Redis down', () => {
    let gateway: RunningGateway;

    beforeAll(async () => {
      const nothingListening = (await stoppedUpstreamUrl()).replace('http:', 'redis:');
      gateway = await startGateway(bed.env(routesFile, { REDIS_URL: nothingListening }));
    });
    afterAll(() => gateway.close());

    it('serves keys of a fail-open plan without counting, announcing only the limit', async () => {
      const { key } = await bed.keys.create({ name: 'open', plan: 'partner' });
      const response = await gateway.get('/v1/places/world', bearer(key));
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe('10000');
      expect(response.headers.get('ratelimit-remaining')).toBeNull();
    });

    it('answers keys of a fail-closed plan with 503 and Retry-After', async () => {
      const { key } = await bed.keys.create({ name: 'closed', plan: 'trial' });
      const response = await gateway.get('/v1/places/world', bearer(key));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      const body = await json(response);
      expectValidJsonApiDocument(body);
      expect(body.errors[0]).toMatchObject({ status: '503', code: 'service-unavailable' });
    });

    it('reports itself not ready, and counts the decisions in its metrics', async () => {
      const ready = await gateway.get('/health/ready');
      expect(ready.status).toBe(503);
      const metrics = await (await gateway.get('/metrics')).text();
      expect(metrics).toMatch(
        /gateway_rate_limit_redis_unavailable_total\{[^}]*plan="partner"[^}]*decision="open"[^}]*\} 1/,
      );
      expect(metrics).toMatch(
        /gateway_rate_limit_redis_unavailable_total\{[^}]*plan="trial"[^}]*decision="closed"[^}]*\} 1/,
      );
    });
  });
});
