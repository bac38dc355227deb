import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { seedCmsFixture } from '@waypost/dev-sources/cms';
import {
  WordPressStandIn,
  startWordPressStandIn,
  wordpressFixtureSites,
} from '@waypost/dev-sources/wordpress';
import { ApiKeyRepository, GatewayDatabase } from '@waypost/gateway/keys';
import {
  AppProcess,
  TEST_REDIS_URL,
  freePort,
  createTestDatabase,
  startAppProcess,
  uniqueRedisPrefix,
  waitForSync,
  waitUntilReady,
} from '@waypost/shared/testing';

// eslint-disable-next-line @nx/enforce-module-boundaries -- the platform's list of datasets, outside any lib
import { DATASETS } from '../../../tools/datasets';

const ROUTES_FILE = path.join(__dirname, '..', '..', '..', 'config', 'gateway.routes.yaml');
const WORDPRESS_SOURCES = ['wp-guides', 'wp-news'];

export interface RunningPlatform {
  /** The gateway's `/v1`. */
  readonly apiUrl: string;
  /** A first-party API key. */
  readonly apiKey: string;
  readonly wordpress: WordPressStandIn;
  readonly articlesSync: AppProcess;
  readonly articlesApi: AppProcess;
  stop(): Promise<void>;
}

/**
 * The whole platform as a third party meets it, every app a process on a free port: the CMS
 * fixture and the two fixture WordPress sites as sources; places-sync, then articles-sync (mentions
 * resolve against synced places); places-api and articles-api; and the gateway in front, with
 * config/gateway.routes.yaml pointed at the two APIs and a first-party key.
 */
export async function startPlatform(options: {
  articlesEveryMs: number;
  reconcileEveryMs: number;
}): Promise<RunningPlatform> {
  const waypost = await createTestDatabase<GatewayDatabase>();
  const cms = await createTestDatabase({ empty: true });
  await seedCmsFixture(cms.url);
  const wordpress = await startWordPressStandIn({ sites: wordpressFixtureSites() });
  const queuePrefix = uniqueRedisPrefix('platform-e2e');
  const apps: AppProcess[] = [];
  const start = async (entry: string, env: Record<string, string>, port?: number) => {
    const app = await startAppProcess(entry, { DATABASE_URL: waypost.url, ...env }, port);
    apps.push(app);
    return app;
  };

  const folder = await mkdtemp(path.join(tmpdir(), 'platform-e2e-'));
  const stop = async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await wordpress.close();
    await rm(folder, { recursive: true, force: true });
    await waypost.drop();
    await cms.drop();
  };
  try {
    const placesSync = await start('apps/places-sync/src/main.ts', {
      CMS_DATABASE_URL: cms.url,
      REDIS_URL: TEST_REDIS_URL,
      SYNC_QUEUE_PREFIX: queuePrefix,
      SYNC_SETTLE_MS: '0',
    });
    await waitUntilReady([placesSync]);
    await waitForSync(placesSync, ['cms-places', 'cms-points-of-interest'], 0);

    const articlesSync = await start('apps/articles-sync/src/main.ts', {
      WORDPRESS_SITES: JSON.stringify(
        [
          { name: 'guides', kind: 'article' },
          { name: 'news', kind: 'news' },
        ].map((site) => ({
          ...site,
          baseUrl: wordpress.siteUrl(site.name),
          everyMs: options.articlesEveryMs,
          reconcileEveryMs: options.reconcileEveryMs,
        })),
      ),
      REDIS_URL: TEST_REDIS_URL,
      SYNC_QUEUE_PREFIX: queuePrefix,
      SYNC_SETTLE_MS: '0',
    });
    // The read services' links point at the gateway, as in a deployment.
    const gatewayPort = await freePort();
    const apiUrl = `http://127.0.0.1:${gatewayPort}/v1`;
    // Every dataset's read service, so each guide part has its upstream (the datasets without a
    // sync here answer empty parts).
    const readServices = new Map<string, AppProcess>();
    for (const { api } of DATASETS) {
      const app = await start(`apps/${api.project}/src/main.ts`, { PUBLIC_BASE_URL: apiUrl });
      readServices.set(api.project, app);
    }
    const articlesApi = readServices.get('articles-api')!;

    const routes = parse(await readFile(ROUTES_FILE, 'utf8'));
    for (const [project, app] of readServices) routes.upstreams[project].url = app.url;
    const routesFile = path.join(folder, 'gateway.routes.yaml');
    await writeFile(routesFile, JSON.stringify(routes)); // JSON is YAML
    await start(
      'apps/gateway/src/main.ts',
      {
        REDIS_URL: TEST_REDIS_URL,
        GATEWAY_REDIS_PREFIX: queuePrefix,
        GATEWAY_ROUTES_FILE: routesFile,
      },
      gatewayPort,
    );
    const { key } = await new ApiKeyRepository(waypost.db).create({
      name: 'platform e2e',
      plan: 'first-party',
    });

    await waitUntilReady(apps);
    await waitForSync(articlesSync, WORDPRESS_SOURCES, 0);
    return { apiUrl, apiKey: key, wordpress, articlesSync, articlesApi, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
