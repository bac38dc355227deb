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
  createTestDatabase,
  freePort,
  startAppProcess,
  uniqueRedisPrefix,
  waitForSync,
  waitUntilReady,
} from '@waypost/shared/testing';

const ROUTES_FILE = path.join(__dirname, '..', '..', '..', 'config', 'gateway.routes.yaml');

/** The platform as Prometheus scrapes it: every app a process, the gateway in front. */
export interface ScrapedPlatform {
  readonly apps: Readonly<Record<string, AppProcess>>;
  readonly apiUrl: string;
  /** A first-party key, and a trial key (a small limit, for 429s). */
  readonly keys: { readonly firstParty: string; readonly trial: string };
  readonly wordpress: WordPressStandIn;
  stop(): Promise<void>;
}

/**
 * places-sync (CMS fixture), articles-sync (the fixture WordPress sites, syncing every second),
 * places-api, articles-api and the gateway with config/gateway.routes.yaml pointed at the APIs.
 */
export async function startScrapedPlatform(options: {
  articlesEveryMs: number;
  wordpressTimeoutMs: number;
  beforeArticlesSync?: (wordpress: WordPressStandIn) => void;
}): Promise<ScrapedPlatform> {
  const waypost = await createTestDatabase<GatewayDatabase>();
  const cms = await createTestDatabase({ empty: true });
  await seedCmsFixture(cms.url);
  const wordpress = await startWordPressStandIn({ sites: wordpressFixtureSites() });
  const prefix = uniqueRedisPrefix('ops-prometheus');
  const apps: Record<string, AppProcess> = {};
  const folder = await mkdtemp(path.join(tmpdir(), 'ops-prometheus-'));
  const start = async (app: string, env: Record<string, string>, port?: number) => {
    apps[app] = await startAppProcess(
      `apps/${app}/src/main.ts`,
      { DATABASE_URL: waypost.url, REDIS_URL: TEST_REDIS_URL, ...env },
      port,
    );
    return apps[app];
  };
  const stop = async () => {
    await Promise.all(Object.values(apps).map((app) => app.stop()));
    await wordpress.close();
    await rm(folder, { recursive: true, force: true });
    await waypost.drop();
    await cms.drop();
  };
  try {
    const sync = { SYNC_QUEUE_PREFIX: prefix, SYNC_SETTLE_MS: '0' };
    const placesSync = await start('places-sync', { CMS_DATABASE_URL: cms.url, ...sync });
    await waitUntilReady([placesSync]);
    await waitForSync(placesSync, ['cms-places', 'cms-points-of-interest'], 0);
    options.beforeArticlesSync?.(wordpress);
    await start('articles-sync', {
      ...sync,
      WORDPRESS_TIMEOUT_MS: String(options.wordpressTimeoutMs),
      WORDPRESS_SITES: JSON.stringify(
        [
          { name: 'guides', kind: 'article' },
          { name: 'news', kind: 'news' },
        ].map((site) => ({
          ...site,
          baseUrl: wordpress.siteUrl(site.name),
          everyMs: options.articlesEveryMs,
          reconcileEveryMs: options.articlesEveryMs,
        })),
      ),
    });
    const gatewayPort = await freePort();
    const apiUrl = `http://127.0.0.1:${gatewayPort}/v1`;
    const placesApi = await start('places-api', { PUBLIC_BASE_URL: apiUrl });
    const articlesApi = await start('articles-api', { PUBLIC_BASE_URL: apiUrl });
    const routes = parse(await readFile(ROUTES_FILE, 'utf8'));
    routes.upstreams['places-api'].url = placesApi.url;
    routes.upstreams['articles-api'].url = articlesApi.url;
    const routesFile = path.join(folder, 'gateway.routes.yaml');
    await writeFile(routesFile, JSON.stringify(routes)); // JSON is YAML
    await start(
      'gateway',
      { GATEWAY_REDIS_PREFIX: prefix, GATEWAY_ROUTES_FILE: routesFile },
      gatewayPort,
    );
    const repository = new ApiKeyRepository(waypost.db);
    const firstParty = await repository.create({ name: 'ops', plan: 'first-party' });
    const trial = await repository.create({ name: 'ops trial', plan: 'trial' });
    await waitUntilReady(Object.values(apps));
    return {
      apps,
      apiUrl,
      keys: { firstParty: firstParty.key, trial: trial.key },
      wordpress,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
