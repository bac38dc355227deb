import { Env } from '@waypost/shared/config';
import { LoadedSource, SyncWorkerConfig, loadSyncWorkerConfig } from '@waypost/shared/sync';
import { SOURCES } from './sources';
import { ToursSourceDeps } from './sources/source.deps';

export const TOURS_SYNC_PORT = 3204;

export interface ToursSyncConfig extends SyncWorkerConfig {
  /** Every source of `sources/index.ts`, its settings read. */
  readonly sources: readonly LoadedSource<ToursSourceDeps>[];
}

/** Reads tours-sync's settings once, at boot; a bad value stops it with the variable's name. */
export function loadToursSyncConfig(env: Env): ToursSyncConfig {
  return {
    ...loadSyncWorkerConfig(env, TOURS_SYNC_PORT),
    sources: SOURCES.map((source) => source.load(env)),
  };
}
