import { Env, envInt, envUrl } from '@waypost/shared/config';

export const DEFAULT_CMS_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/cms';
/** Where `serve` listens (architecture.md, "Ports and settings"). */
export const DEV_SOURCES_PORT = 3900;

export interface DevSourcesConfig {
  /** The stand-in CMS database (`CMS_DATABASE_URL`). */
  readonly cmsDatabaseUrl: string;
  /** The HTTP stand-ins' port (`DEV_SOURCES_PORT`). */
  readonly port: number;
}

/** Reads and validates the dev-sources settings; throws a ConfigError naming the bad variable. */
export function loadDevSourcesConfig(env: Env): DevSourcesConfig {
  return {
    cmsDatabaseUrl: envUrl(env, 'CMS_DATABASE_URL', DEFAULT_CMS_DATABASE_URL, [
      'postgres:',
      'postgresql:',
    ]),
    port: envInt(env, 'DEV_SOURCES_PORT', DEV_SOURCES_PORT, 0, 65535),
  };
}
