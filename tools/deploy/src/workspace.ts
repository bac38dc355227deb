/* eslint-disable @nx/enforce-module-boundaries -- what the deployment files must agree with lives
   outside any lib: each app's own config loader (the one place its environment variables are
   named), the platform's app list, the image builder and the benchmarked heap flags. */
import { DEFAULT_DATABASE_URL, Env, envUrl } from '@waypost/shared/config';
import { loadArticlesApiConfig } from '../../../apps/articles-api/src/articles-api.config';
import { loadArticlesSyncConfig } from '../../../apps/articles-sync/src/articles-sync.config';
import { loadDevSourcesConfig } from '../../../apps/dev-sources/src/config/dev-sources.config';
import { GATEWAY_PORT, loadGatewayConfig } from '../../../apps/gateway/src/config/gateway.config';
import { loadPlacesApiConfig } from '../../../apps/places-api/src/places-api.config';
import { loadPlacesSyncConfig } from '../../../apps/places-sync/src/places-sync.config';
export { API_NODE_FLAGS } from '../../../bench/bench.config';
export { IMAGE_BUILD_COMMAND, IMAGE_SOURCES } from '../../build/apps.build';
export { DATASETS } from '../../datasets';
/* eslint-enable @nx/enforce-module-boundaries */

export { GATEWAY_PORT };

/** What a container's command runs: an app of the image, or the migrations runner. */
export type Program = string;

/**
 * The settings loader of every program of the image, by program name (the app's project name, or
 * `migrate`). Each reads its environment once at boot and throws a ConfigError naming a bad variable.
 */
export const CONFIG_LOADERS: Readonly<Record<Program, (env: Env) => object>> = {
  gateway: loadGatewayConfig,
  'places-api': loadPlacesApiConfig,
  'places-sync': loadPlacesSyncConfig,
  'articles-api': loadArticlesApiConfig,
  'articles-sync': loadArticlesSyncConfig,
  'dev-sources': loadDevSourcesConfig,
  // tools/db/migrate.ts reads DATABASE_URL alone (with this default); validated here as the apps do.
  migrate: (env) => ({
    databaseUrl: envUrl(env, 'DATABASE_URL', DEFAULT_DATABASE_URL, ['postgres:', 'postgresql:']),
  }),
};

/** Loads a program's settings from `env`, recording every variable the loader looks at. */
export function loadRecording(
  program: Program,
  env: Readonly<Record<string, string>>,
): { reads: ReadonlySet<string>; config: object } {
  const loader = CONFIG_LOADERS[program];
  if (!loader) throw new Error(`no config loader for "${program}"`);
  const reads = new Set<string>();
  const recording = new Proxy(env, {
    get(target, name) {
      if (typeof name === 'string') reads.add(name);
      return typeof name === 'string' ? target[name] : undefined;
    },
  });
  return { reads, config: loader(recording) };
}
