import path from 'node:path';
import { BaseConfig, Env, envInt, envString, envUrl, loadBaseConfig } from '@waypost/shared/config';
import { RoutesConfig, loadRoutesConfig } from './routes.config';

export const GATEWAY_PORT = 3000;
/** The routes file in this repository, used when GATEWAY_ROUTES_FILE is unset. */
export const DEFAULT_ROUTES_FILE = path.join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'config',
  'gateway.routes.yaml',
);

export interface GatewayConfig extends BaseConfig {
  readonly routesFile: string;
  readonly routes: RoutesConfig;
  /** Where callers reach the gateway (links it writes start with it), without a trailing slash. */
  readonly publicBaseUrl: string;
  /** Prefix of every Redis key and channel the gateway uses (tests use their own). */
  readonly redisPrefix: string;
  /** How long a replica trusts a key lookup; bounds how late a revocation whose broadcast was missed bites. */
  readonly keyCacheTtlMs: number;
  /** A Redis command slower than this counts as Redis down (the plan's whenRedisDown applies). */
  readonly redisTimeoutMs: number;
}

/** Reads the gateway's settings and its routes file once, at boot; a bad value names the variable or field. */
export function loadGatewayConfig(env: Env): GatewayConfig {
  const base = loadBaseConfig(env, GATEWAY_PORT);
  const routesFile = path.resolve(envString(env, 'GATEWAY_ROUTES_FILE', DEFAULT_ROUTES_FILE));
  return {
    ...base,
    routesFile,
    routes: loadRoutesConfig(routesFile),
    publicBaseUrl: envUrl(env, 'PUBLIC_BASE_URL', `http://127.0.0.1:${base.port}`, [
      'http:',
      'https:',
    ]).replace(/\/+$/, ''),
    redisPrefix: envString(env, 'GATEWAY_REDIS_PREFIX', 'waypost:gateway'),
    keyCacheTtlMs: envInt(env, 'GATEWAY_KEY_CACHE_TTL_MS', 5_000, 0, 300_000),
    redisTimeoutMs: envInt(env, 'GATEWAY_REDIS_TIMEOUT_MS', 200, 1, 10_000),
  };
}
