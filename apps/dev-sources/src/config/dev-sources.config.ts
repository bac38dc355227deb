import { Env, envUrl } from '@waypost/shared/config';

export const DEFAULT_CMS_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/cms';

export interface DevSourcesConfig {
  /** The stand-in CMS database (`CMS_DATABASE_URL`). */
  readonly cmsDatabaseUrl: string;
}

/** Reads and validates the dev-sources settings; throws a ConfigError naming the bad variable. */
export function loadDevSourcesConfig(env: Env): DevSourcesConfig {
  return {
    cmsDatabaseUrl: envUrl(env, 'CMS_DATABASE_URL', DEFAULT_CMS_DATABASE_URL, [
      'postgres:',
      'postgresql:',
    ]),
  };
}
