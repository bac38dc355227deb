import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { seedCmsFixture } from '@waypost/dev-sources/cms';
import {
  WordPressStandIn,
  startWordPressStandIn,
  wordpressFixtureSites,
} from '@waypost/dev-sources/wordpress';
import { ApiKeyRepository, GatewayDatabase } from '@waypost/gateway/keys';
import { createDatabase } from '@waypost/shared/db';
import {
  TEST_REDIS_URL,
  createTestDatabase,
  freePort,
  uniqueRedisPrefix,
  waitForSync,
  waitUntilReady,
} from '@waypost/shared/testing';
import { ManagedProcess, startManagedApp } from './managed.process';

// eslint-disable-next-line @nx/enforce-module-boundaries -- the platform's list of datasets, outside any lib
import { DATASETS } from '../../../../tools/datasets';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const ROUTES_FILE = path.join(ROOT, 'config', 'gateway.routes.yaml');
const WORDPRESS_SOURCES = ['wp-guides', 'wp-news'];

/** The apps of a running platform, by name. */
/** An app of the platform by project name (`places-api-2`: the second places-api). */
export type PlatformApp = string;

export interface FaultPlatform {
  /** The gateway's origin (`http://127.0.0.1:<port>`); the API is under `/v1`. */
  readonly gatewayUrl: string;
  /** A first-party API key. */
  readonly apiKey: string;
  /** Issues more keys (other plans). */
  readonly keys: ApiKeyRepository;
  /** The platform's database and the CMS's. */
  readonly databaseUrl: string;
  readonly cmsUrl: string;
  /** The BullMQ and gateway Redis prefix of this platform. */
  readonly redisPrefix: string;
  readonly wordpress: WordPressStandIn;
  readonly apps: ReadonlyMap<PlatformApp, ManagedProcess>;
  stop(): Promise<void>;
}

export interface FaultPlatformOptions {
  /**
   * The platform's database on a server of the test's own (migrated here); default: a clone of
   * the test template on the machine's server. The CMS stays on the machine's server.
   */
  readonly databaseUrl?: string;
  /** Redis for the queues and the gateway (default: the machine's, with a prefix of this run). */
  readonly redisUrl?: string;
  /** Requests per window of the first-party plan (fuzzing sends more than a real client). */
  readonly firstPartyRequestsPerWindow?: number;
  readonly syncEveryMs?: number;
  /** Extra settings of places-sync (e.g. a small SYNC_PAGE_SIZE). */
  readonly placesSyncEnv?: Record<string, string>;
  /** Extra settings of the gateway (e.g. LOG_LEVEL=info, to record its request log). */
  readonly gatewayEnv?: Record<string, string>;
  /** Every dataset's read service (tools/datasets.ts), so that every route and guide part has its upstream. */
  readonly everyReadService?: boolean;
  /** A second places-api, the places routes split between the two (as replicas behind a Service). */
  readonly secondPlacesApi?: boolean;
}

/**
 * Every app as its own process on a free port, as platform-e2e starts them: the CMS fixture and
 * the fixture WordPress sites as sources, both syncs (first runs done), both APIs, and the gateway
 * with config/gateway.routes.yaml pointed at them and a first-party key.
 */
export async function startFaultPlatform(
  options: FaultPlatformOptions = {},
): Promise<FaultPlatform> {
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const everyMs = options.syncEveryMs ?? 60_000;
  const waypost = options.databaseUrl
    ? await ownDatabase(options.databaseUrl)
    : await createTestDatabase<GatewayDatabase>();
  const cms = await createTestDatabase({ empty: true });
  await seedCmsFixture(cms.url);
  const wordpress = await startWordPressStandIn({ sites: wordpressFixtureSites() });
  const prefix = uniqueRedisPrefix('faults-e2e');
  const apps = new Map<PlatformApp, ManagedProcess>();
  const folder = await mkdtemp(path.join(tmpdir(), 'faults-e2e-'));
  const stop = async () => {
    await Promise.all([...apps.values()].map((app) => app.stop()));
    await wordpress.close();
    await rm(folder, { recursive: true, force: true });
    await waypost.drop();
    await cms.drop();
  };
  const start = async (name: PlatformApp, env: Record<string, string>, port?: number) => {
    const app = await startManagedApp(
      `apps/${name.replace(/-2$/, '')}/src/main.ts`,
      { DATABASE_URL: waypost.url, REDIS_URL: redisUrl, ...env },
      port,
    );
    apps.set(name, app);
    return app;
  };
  try {
    const sync = { SYNC_QUEUE_PREFIX: prefix, SYNC_SETTLE_MS: '0' };
    const placesSync = await start('places-sync', {
      ...sync,
      CMS_DATABASE_URL: cms.url,
      SYNC_PLACES_EVERY_MS: String(everyMs),
      SYNC_POINTS_OF_INTEREST_EVERY_MS: String(everyMs),
      ...options.placesSyncEnv,
    });
    await waitUntilReady([placesSync]);
    await waitForSync(placesSync, ['cms-places', 'cms-points-of-interest'], 0);
    const articlesSync = await start('articles-sync', {
      ...sync,
      WORDPRESS_SITES: JSON.stringify(
        [
          { name: 'guides', kind: 'article' },
          { name: 'news', kind: 'news' },
        ].map((site) => ({
          ...site,
          baseUrl: wordpress.siteUrl(site.name),
          everyMs,
          reconcileEveryMs: everyMs,
        })),
      ),
    });

    const gatewayPort = await freePort();
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const links = { PUBLIC_BASE_URL: `${gatewayUrl}/v1` };
    const placesApi = await start('places-api', links);
    const articlesApi = await start('articles-api', links);
    const readServiceUrls = new Map<string, string>();
    for (const { api } of options.everyReadService ? DATASETS : []) {
      if (!apps.has(api.project))
        readServiceUrls.set(api.project, (await start(api.project, links)).url);
    }
    const routes = parse(await readFile(ROUTES_FILE, 'utf8'));
    routes.upstreams['places-api'].url = placesApi.url;
    routes.upstreams['articles-api'].url = articlesApi.url;
    for (const [project, url] of readServiceUrls) routes.upstreams[project].url = url;
    if (options.secondPlacesApi) {
      const second = await start('places-api-2', links);
      routes.upstreams['places-api-2'] = { url: second.url };
      for (const route of routes.routes as { upstream?: string; targets?: unknown }[]) {
        if (route.upstream !== 'places-api') continue;
        delete route.upstream;
        route.targets = [
          { upstream: 'places-api', weight: 1 },
          { upstream: 'places-api-2', weight: 1 },
        ];
      }
    }
    if (options.firstPartyRequestsPerWindow)
      routes.plans['first-party'].requestsPerWindow = options.firstPartyRequestsPerWindow;
    const routesFile = path.join(folder, 'gateway.routes.yaml');
    await writeFile(routesFile, JSON.stringify(routes)); // JSON is YAML
    await start(
      'gateway',
      { GATEWAY_REDIS_PREFIX: prefix, GATEWAY_ROUTES_FILE: routesFile, ...options.gatewayEnv },
      gatewayPort,
    );
    const keys = new ApiKeyRepository(waypost.db);
    const { key } = await keys.create({
      name: 'faults e2e',
      plan: 'first-party',
    });
    await waitUntilReady([...apps.values()]);
    await waitForSync(articlesSync, WORDPRESS_SOURCES, 0);
    return {
      gatewayUrl,
      apiKey: key,
      keys,
      databaseUrl: waypost.url,
      cmsUrl: cms.url,
      redisPrefix: prefix,
      wordpress,
      apps,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A database on a server of the test's own, migrated by the migrate program as the deployment's
 * job runs it; `drop` only closes the connection to it.
 */
async function ownDatabase(url: string) {
  await promisify(execFile)(
    process.execPath,
    ['-r', './tools/register.js', 'tools/db/migrate.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url },
    },
  );
  const db = createDatabase<GatewayDatabase>({ url, maxConnections: 2 });
  return { url, db, drop: () => db.destroy() };
}
