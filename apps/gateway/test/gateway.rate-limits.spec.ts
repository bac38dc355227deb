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

    it('admits exactly the limit when one key sends many requests at once to both replicas', async () => {
      const { key } = await bed.keys.create({ name: 'burst', plan: 'trial' });
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => replicas[i % 2].get('/v1/places/world', bearer(key))),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    });

    it('sends the RateLimit headers on upstream errors too', async () => {
      const { key } = await bed.keys.create({ name: 'c', plan: 'partner' });
      const response = await replicas[0].get('/v1/places/nowhere', bearer(key));
      expect(response.status).toBe(404);
      expect(response.headers.get('ratelimit-limit')).toBe('10000');
      expect(response.headers.get('ratelimit-remaining')).toBe('9999');
    });
  });

  describe('with limits large enough to be reserved in batches', () => {
    // 300 per window: each replica reserves 1 % (3 requests) of the window per Redis call.
    const LIMIT = 300;
    let replicas: RunningGateway[];
    let removeBatchedRoutes: () => Promise<void>;

    beforeAll(async () => {
      const document = routesDocument({ places: upstream.url });
      document.plans.partner = {
        requestsPerWindow: LIMIT,
        windowSeconds: 60,
        whenRedisDown: 'open',
      };
      const routes = await writeRoutesFile(document);
      removeBatchedRoutes = routes.remove;
      replicas = await Promise.all([1, 2].map(() => startGateway(bed.env(routes.file))));
    });
    afterAll(async () => {
      await Promise.all(replicas.map((replica) => replica.close()));
      await removeBatchedRoutes();
    });

    const statusOf = async (replica: RunningGateway, key: string) =>
      (await replica.get('/v1/places/world', bearer(key))).status;

    it('still shares one limit across two replicas', async () => {
      const { key } = await bed.keys.create({ name: 'shared', plan: 'partner' });
      for (let i = 0; i < LIMIT; i++) expect(await statusOf(replicas[i % 2], key)).toBe(200);
      for (const replica of replicas) {
        const refused = await replica.get('/v1/places/world', bearer(key));
        expect(refused.status).toBe(429);
        expect(refused.headers.get('ratelimit-remaining')).toBe('0');
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    });

    it('never admits more than the limit; a replica holding a batch makes the other refuse at most a batch early', async () => {
      const { key } = await bed.keys.create({ name: 'held', plan: 'partner' });
      const first = await replicas[0].get('/v1/places/world', bearer(key));
      expect(first.status).toBe(200);
      expect(first.headers.get('ratelimit-remaining')).toBe(String(LIMIT - 1));
      let admittedBySecond = 0;
      while ((await statusOf(replicas[1], key)) === 200) admittedBySecond++;
      // The first replica still holds 2 of its batch of 3: the second stops 2 short of the rest.
      expect(admittedBySecond).toBe(LIMIT - 3);
      expect(await statusOf(replicas[0], key)).toBe(200);
      expect(await statusOf(replicas[0], key)).toBe(200);
      expect(await statusOf(replicas[0], key)).toBe(429);
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
