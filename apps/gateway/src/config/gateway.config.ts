import { isIP } from 'node:net';
import path from 'node:path';
import {
  BaseConfig,
  ConfigError,
  Env,
  envInt,
  envString,
  envUrl,
  loadBaseConfig,
} from '@waypost/shared/config';
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
  /**
   * Proxies whose X-Forwarded-For is believed (addresses, CIDRs, or proxy-addr's names loopback,
   * linklocal, uniquelocal); empty: the client is the socket's peer.
   */
  readonly trustedProxies: readonly string[];
  /** Requests one client address may make per minute to this replica, before any key is checked. */
  readonly clientRequestsPerMinute: number;
  /** Unknown or revoked keys one client address may present per minute before its lookups stop. */
  readonly clientUnknownKeysPerMinute: number;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** Reads the gateway's settings and its routes file once, at boot; a bad value names the variable or field. */
export function loadGatewayConfig(env: Env): GatewayConfig {
  const base = loadBaseConfig(env, GATEWAY_PORT);
  const routesFile = path.resolve(envString(env, 'GATEWAY_ROUTES_FILE', DEFAULT_ROUTES_FILE));
  const routes = loadRoutesConfig(routesFile);
  const corsOrigins = envList(env, 'GATEWAY_CORS_ORIGINS', parseOrigin);
  return {
    ...base,
    routesFile,
    // An environment's own web origins (the prod overlay's) replace the routes file's.
    routes: corsOrigins ? { ...routes, corsOrigins } : routes,
    publicBaseUrl: envUrl(env, 'PUBLIC_BASE_URL', `http://127.0.0.1:${base.port}`, [
      'http:',
      'https:',
    ]).replace(/\/+$/, ''),
    redisPrefix: envString(env, 'GATEWAY_REDIS_PREFIX', 'waypost:gateway'),
    keyCacheTtlMs: envInt(env, 'GATEWAY_KEY_CACHE_TTL_MS', 5_000, 0, 300_000),
    redisTimeoutMs: envInt(env, 'GATEWAY_REDIS_TIMEOUT_MS', 200, 1, 10_000),
    trustedProxies: envList(env, 'GATEWAY_TRUSTED_PROXIES', parseProxy) ?? [],
    clientRequestsPerMinute: envInt(
      env,
      'GATEWAY_CLIENT_REQUESTS_PER_MINUTE',
      20_000,
      1,
      10_000_000,
    ),
    clientUnknownKeysPerMinute: envInt(
      env,
      'GATEWAY_CLIENT_UNKNOWN_KEYS_PER_MINUTE',
      20,
      1,
      100_000,
    ),
  };
}

/** A comma-separated list, each item parsed (a problem names the variable); undefined when unset. */
function envList(
  env: Env,
  name: string,
  parse: (item: string) => string | undefined,
): string[] | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  return raw.split(',').map((item) => {
    const parsed = parse(item.trim());
    if (parsed === undefined) throw new ConfigError(name, `has an invalid item: "${item.trim()}"`);
    return parsed;
  });
}

function parseOrigin(item: string): string | undefined {
  try {
    const url = new URL(item);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === item
      ? url.origin
      : undefined;
  } catch {
    return undefined;
  }
}

function parseProxy(item: string): string | undefined {
  if (PROXY_NAMES.includes(item)) return item;
  const [address, bits, extra] = item.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return undefined;
  if (bits === undefined) return item;
  const max = version === 4 ? 32 : 128;
  return /^\d+$/.test(bits) && Number(bits) <= max ? item : undefined;
}
