import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigError } from '@waypost/shared/config';
import { loadRoutesConfig } from '../src/config/routes.config';
import { DEFAULT_ROUTES_FILE, loadGatewayConfig } from '../src/config/gateway.config';
import { routesDocument, writeRoutesFile } from './support/gateway.harness';

const ROOT = path.join(__dirname, '..', '..', '..');
const run = promisify(execFile);
const UPSTREAMS = { places: 'http://127.0.0.1:3101' };

describe('the routes file', () => {
  const loadDocument = async (document: unknown) => {
    const routes = await writeRoutesFile(document);
    try {
      return loadRoutesConfig(routes.file);
    } finally {
      await routes.remove();
    }
  };
  const withRoute = (route: Record<string, unknown>) =>
    routesDocument(UPSTREAMS, {
      routes: [
        { prefix: '/places', upstream: 'places', timeoutMs: 1000, plans: ['trial'], ...route },
      ],
    });

  it('in this repository is valid', () => {
    const config = loadRoutesConfig(DEFAULT_ROUTES_FILE);
    expect(config.routes.map((route) => route.prefix)).toEqual([
      '/places',
      '/pointsOfInterest',
      '/articles',
      '/news',
      '/lodgings',
      '/tours',
      '/books',
    ]);
    expect([...config.plans.keys()]).toEqual(['first-party', 'partner', 'trial', 'admin']);
    expect(config.guide.parts.map((part) => part.name)).toEqual([
      'pointsOfInterest',
      'articles',
      'news',
      'lodgings',
      'tours',
      'books',
    ]);
  });

  it('normalises a single upstream and a canary split alike', async () => {
    const config = await loadDocument(
      routesDocument(
        { ...UPSTREAMS, next: 'http://127.0.0.1:3999/base/' },
        {
          routes: [
            { prefix: '/places', upstream: 'places', timeoutMs: 1000, plans: ['trial'] },
            {
              prefix: '/pointsOfInterest',
              targets: [
                { upstream: 'places', weight: 9 },
                { upstream: 'next', weight: 1 },
              ],
              timeoutMs: 1000,
              plans: ['partner'],
            },
          ],
        },
      ),
    );
    expect(config.routes.map((route) => route.targets)).toEqual([
      [{ upstream: 'places', weight: 1 }],
      [
        { upstream: 'places', weight: 9 },
        { upstream: 'next', weight: 1 },
      ],
    ]);
    expect(config.upstreams.get('next')).toEqual({
      name: 'next',
      url: 'http://127.0.0.1:3999/base',
      connections: 64,
    });
  });

  it.each([
    [
      'a field of the wrong type',
      withRoute({ timeoutMs: 'soon' }),
      'routes[0].timeoutMs must be an integer between 1 and 120000, got "soon"',
    ],
    [
      'an unknown upstream',
      withRoute({ upstream: 'nowhere' }),
      'routes[0].upstream names no upstream: "nowhere"',
    ],
    ['an unknown plan', withRoute({ plans: ['gold'] }), 'routes[0].plans[0] names no plan: "gold"'],
    ['a misspelt field', withRoute({ timeout: 1000 }), 'routes[0].timeout is not a known field'],
    [
      'both upstream and targets',
      withRoute({ targets: [{ upstream: 'places', weight: 1 }] }),
      'routes[0] needs exactly one of upstream or targets',
    ],
    [
      'a prefix with a wildcard',
      withRoute({ prefix: '/places/*' }),
      'routes[0].prefix must be a path like /places',
    ],
    [
      'a zero weight',
      withRoute({ upstream: undefined, targets: [{ upstream: 'places', weight: 0 }] }),
      'routes[0].targets[0].weight must be an integer between 1 and 1000',
    ],
    [
      'a bad redis policy',
      routesDocument(UPSTREAMS, {
        plans: { trial: { requestsPerWindow: 5, windowSeconds: 60, whenRedisDown: 'maybe' } },
      }),
      'plans.trial.whenRedisDown must be one of open, closed',
    ],
    [
      'an upstream URL that is not http',
      routesDocument({ places: 'ftp://x' }),
      'upstreams.places.url must be an http or https URL',
    ],
    [
      'a guide path without {id}',
      routesDocument(UPSTREAMS, {
        guide: { plans: ['trial'], place: { upstream: 'places', path: '/places', timeoutMs: 100 } },
      }),
      'guide.place.path must start with / and contain {id}',
    ],
    [
      'a CORS origin with a path',
      routesDocument(UPSTREAMS, { cors: { origins: ['https://app.example.com/'] } }),
      'cors.origins[0] must be a bare origin',
    ],
    ['no routes', routesDocument(UPSTREAMS, { routes: [] }), 'routes must have at least 1 item(s)'],
  ])('stops on %s, naming the field', async (_case, document, message) => {
    const load = loadDocument(JSON.parse(JSON.stringify(document)));
    await expect(load).rejects.toThrow(ConfigError);
    await expect(loadDocument(JSON.parse(JSON.stringify(document)))).rejects.toThrow(message);
  });

  it('stops on YAML that does not parse', async () => {
    await expect(loadDocument('routes: [\n  - prefix: /places\n')).rejects.toThrow(
      /is not valid YAML/,
    );
  });

  it('stops the gateway at boot with a message naming the field', async () => {
    const routes = await writeRoutesFile(withRoute({ plans: ['gold'] }));
    try {
      const boot = run(
        process.execPath,
        ['-r', './tools/register.js', 'apps/gateway/src/main.ts'],
        {
          cwd: ROOT,
          env: { ...process.env, GATEWAY_ROUTES_FILE: routes.file, PORT: '0' },
          timeout: 30_000,
        },
      );
      await expect(boot).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining(`${routes.file}: routes[0].plans[0] names no plan: "gold"`),
      });
    } finally {
      await routes.remove();
    }
  });
});

describe("the gateway's settings", () => {
  it("takes an environment's web origins over the routes file's", () => {
    const config = loadGatewayConfig({
      GATEWAY_CORS_ORIGINS: 'https://www.example.com, https://app.example.com',
    });
    expect(config.routes.corsOrigins).toEqual([
      'https://www.example.com',
      'https://app.example.com',
    ]);
    expect(loadGatewayConfig({}).routes.corsOrigins).toEqual(
      loadRoutesConfig(DEFAULT_ROUTES_FILE).corsOrigins,
    );
  });

  it('reads trusted proxies as addresses, CIDRs or proxy-addr names', () => {
    expect(
      loadGatewayConfig({ GATEWAY_TRUSTED_PROXIES: 'uniquelocal,10.0.0.0/8,::1,fd00::/8' })
        .trustedProxies,
    ).toEqual(['uniquelocal', '10.0.0.0/8', '::1', 'fd00::/8']);
    expect(loadGatewayConfig({}).trustedProxies).toEqual([]);
  });

  it.each([
    ['GATEWAY_CORS_ORIGINS', 'https://app.example.com/path'],
    ['GATEWAY_CORS_ORIGINS', 'ftp://files.example.com'],
    ['GATEWAY_TRUSTED_PROXIES', '10.0.0.0/33'],
    ['GATEWAY_TRUSTED_PROXIES', 'ingress'],
    ['GATEWAY_CLIENT_UNKNOWN_KEYS_PER_MINUTE', '0'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadGatewayConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadGatewayConfig({ [name]: value })).toThrow(name);
  });
});
