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

describe('the gateway when an instance behind a route is gone', () => {
  let bed: GatewayTestBed;
  let alive: StubUpstream;
  let gateway: RunningGateway;
  let removeRoutes: () => Promise<void>;
  let key: string;

  beforeAll(async () => {
    bed = await createGatewayTestBed('gateway-failover');
    alive = await startStubUpstream('alive');
    const document = routesDocument(
      { alive: alive.url, gone: await stoppedUpstreamUrl() },
      {
        routes: [
          {
            prefix: '/places',
            targets: [
              { upstream: 'alive', weight: 1 },
              { upstream: 'gone', weight: 1 },
            ],
            timeoutMs: 2000,
            plans: ['partner'],
          },
          { prefix: '/pointsOfInterest', upstream: 'gone', timeoutMs: 2000, plans: ['partner'] },
        ],
      },
    );
    const routes = await writeRoutesFile(document);
    removeRoutes = routes.remove;
    gateway = await startGateway(bed.env(routes.file));
    key = (await bed.keys.create({ name: 'failover', plan: 'partner' })).key;
  });

  afterAll(async () => {
    await gateway.close();
    await alive.close();
    await removeRoutes();
    await bed.drop();
  });

  it('sends a request the gone target refused to the other target of the route', async () => {
    const statuses = [];
    for (let i = 0; i < 10; i++) {
      const response = await gateway.get('/v1/places/world', bearer(key));
      statuses.push(response.status);
      expect((await json(response)).meta.servedBy).toBe('alive');
    }
    expect(statuses).toEqual(Array(10).fill(200));
  });

  it('answers 502 when the route has no other target and the retry is refused too', async () => {
    const response = await gateway.get('/v1/pointsOfInterest', bearer(key));
    expect(response.status).toBe(502);
    expect((await json(response)).errors[0].meta).toEqual({ upstream: 'gone' });
  });
});
