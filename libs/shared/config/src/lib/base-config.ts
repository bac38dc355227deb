import { Env, LOG_LEVELS, LogLevel, envEnum, envInt, envUrl } from './env';

/** Settings every Waypost app reads (architecture.md, "Ports and settings"). */
export interface BaseConfig {
  readonly port: number;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly logLevel: LogLevel;
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/waypost';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Reads and validates the common settings; throws a ConfigError naming the bad variable. */
export function loadBaseConfig(env: Env, defaultPort: number): BaseConfig {
  return {
    port: envInt(env, 'PORT', defaultPort, 0, 65535),
    databaseUrl: envUrl(env, 'DATABASE_URL', DEFAULT_DATABASE_URL, ['postgres:', 'postgresql:']),
    redisUrl: envUrl(env, 'REDIS_URL', DEFAULT_REDIS_URL, ['redis:', 'rediss:']),
    logLevel: envEnum(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
  };
}
