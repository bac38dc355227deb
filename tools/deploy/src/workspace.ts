/* eslint-disable @nx/enforce-module-boundaries -- what the deployment files must agree with lives
   outside any lib: each app's own config loader (the one place its environment variables are
   named), the platform's app list, the image builder and the benchmarked heap flags. */
import { DEFAULT_DATABASE_URL, Env, envUrl } from '@waypost/shared/config';
import { loadDevSourcesConfig } from '../../../apps/dev-sources/src/config/dev-sources.config';
import { GATEWAY_PORT, loadGatewayConfig } from '../../../apps/gateway/src/config/gateway.config';
export { API_NODE_FLAGS } from '../../../bench/bench.config';
export { IMAGE_BUILD_COMMAND, IMAGE_SOURCES } from '../../build/apps.build';
import { DATASETS } from '../../datasets';
/* eslint-enable @nx/enforce-module-boundaries */

export { DATASETS };

/**
 * A dataset app's settings loader, by the convention every app (and the dataset generator) keeps:
 * `apps/<app>/src/<app>.config.ts` exports `load<App>Config(env)`.
 */
function datasetConfigLoader(app: string): (env: Env) => object {
  const module = require(`../../../apps/${app}/src/${app}.config`) as Record<string, unknown>;
  const name = `load${app.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())}Config`;
  const loader = module[name];
  if (typeof loader !== 'function')
    throw new Error(`apps/${app}/src/${app}.config.ts exports no ${name}`);
  return loader as (env: Env) => object;
}

export { GATEWAY_PORT };

/** What a container's command runs: an app of the image, or the migrations runner. */
export type Program = string;

/**
 * The settings loader of every program of the image, by program name (the app's project name, or
 * `migrate`). Each reads its environment once at boot and throws a ConfigError naming a bad variable.
 */
export const CONFIG_LOADERS: Readonly<Record<Program, (env: Env) => object>> = {
  gateway: loadGatewayConfig,
  ...Object.fromEntries(
    DATASETS.flatMap((d) => [d.api.project, d.sync.project]).map((app) => [
      app,
      datasetConfigLoader(app),
    ]),
  ),
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
