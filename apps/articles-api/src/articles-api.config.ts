import { BaseConfig, Env, envInt, envUrl, loadBaseConfig } from '@waypost/shared/config';

export const ARTICLES_API_PORT = 3102;

export interface ArticlesApiConfig extends BaseConfig {
  /** Where clients reach this service (the gateway's /v1 in a deployment); links are built on it. */
  readonly publicBaseUrl: string;
  readonly cacheMaxAgeSeconds: number;
  readonly databasePoolSize: number;
}

/** Reads articles-api's settings once, at boot; a bad value stops it with the variable's name. */
export function loadArticlesApiConfig(env: Env): ArticlesApiConfig {
  const base = loadBaseConfig(env, ARTICLES_API_PORT);
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
