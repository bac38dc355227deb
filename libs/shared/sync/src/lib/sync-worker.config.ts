import { BaseConfig, Env, envInt, envString, loadBaseConfig } from '@waypost/shared/config';
import { SyncLimits, loadSyncLimits } from './sync.limits';
import { DEFAULT_SYNC_QUEUE_PREFIX, SYNC_JOB_BACKOFF_MS } from './sync.queue';
import { AnySyncSource } from './sync.types';

/** Settings every sync worker reads. */
export interface SyncWorkerConfig extends BaseConfig {
  /** First retry delay of a failed run; doubles per attempt. */
  readonly retryBackoffMs: number;
  /** BullMQ key prefix (tests use their own). */
  readonly queuePrefix: string;
  /** Statement, page and stale-run timeouts. */
  readonly limits: SyncLimits;
}

/** Reads a sync worker's common settings once, at boot; a bad value names its variable. */
export function loadSyncWorkerConfig(env: Env, defaultPort: number): SyncWorkerConfig {
  return {
    ...loadBaseConfig(env, defaultPort),
    retryBackoffMs: envInt(env, 'SYNC_RETRY_BACKOFF_MS', SYNC_JOB_BACKOFF_MS, 10),
    queuePrefix: envString(env, 'SYNC_QUEUE_PREFIX', DEFAULT_SYNC_QUEUE_PREFIX),
    limits: loadSyncLimits(env),
  };
}

/** A source with its settings read: what the composition root turns into a SyncSource. */
export interface LoadedSource<Deps> {
  readonly name: string;
  readonly settings: object;
  create(deps: Deps): AnySyncSource;
}

/** One source of a sync worker: the variables it reads and how it is built on the worker's deps. */
export interface SourceDefinition<Deps> {
  readonly name: string;
  load(env: Env): LoadedSource<Deps>;
}

/**
 * Declares a source (house style 5, one adapter per source): its settings are read with the
 * worker's config, at boot, and the source is built from them and the worker's shared deps.
 */
export function defineSource<S extends object, Deps>(definition: {
  readonly name: string;
  load(env: Env): S;
  create(settings: S, deps: Deps): AnySyncSource;
}): SourceDefinition<Deps> {
  return {
    name: definition.name,
    load(env) {
      const settings = definition.load(env);
      return {
        name: definition.name,
        settings,
        create: (deps) => definition.create(settings, deps),
      };
    },
  };
}
