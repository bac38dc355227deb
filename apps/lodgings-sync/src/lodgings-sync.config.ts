import { Env } from '@waypost/shared/config';
import { LoadedSource, SyncWorkerConfig, loadSyncWorkerConfig } from '@waypost/shared/sync';
import { SOURCES } from './sources';
import { LodgingsSourceDeps } from './sources/source.deps';

export const LODGINGS_SYNC_PORT = 3203;

export interface LodgingsSyncConfig extends SyncWorkerConfig {
  /** Every source of `sources/index.ts`, its settings read. */
  readonly sources: readonly LoadedSource<LodgingsSourceDeps>[];
}

/** Reads lodgings-sync's settings once, at boot; a bad value stops it with the variable's name. */
export function loadLodgingsSyncConfig(env: Env): LodgingsSyncConfig {
  return {
    ...loadSyncWorkerConfig(env, LODGINGS_SYNC_PORT),
    sources: SOURCES.map((source) => source.load(env)),
  };
}
