import { BaseConfig, Env, envInt, envUrl, loadBaseConfig } from '@waypost/shared/config';

export const READ_API_CONFIG = Symbol('READ_API_CONFIG');

/** Settings of every JSON:API read service. */
export interface ReadApiConfig extends BaseConfig {
  /** Where clients reach this service (the gateway's /v1 in a deployment); links are built on it. */
  readonly publicBaseUrl: string;
  readonly cacheMaxAgeSeconds: number;
  readonly databasePoolSize: number;
}

/** Reads a read service's settings once, at boot; a bad value stops it with the variable's name. */
export function loadReadApiConfig(env: Env, defaultPort: number): ReadApiConfig {
  const base = loadBaseConfig(env, defaultPort);
  return {
    ...base,
    publicBaseUrl: envUrl(env, 'PUBLIC_BASE_URL', `http://127.0.0.1:${base.port}`, [
      'http:',
      'https:',
    ]).replace(/\/+$/, ''),
    cacheMaxAgeSeconds: envInt(env, 'CACHE_MAX_AGE_SECONDS', 60, 0, 86_400),
    databasePoolSize: envInt(env, 'DATABASE_POOL_SIZE', 10, 1, 100),
  };
}
