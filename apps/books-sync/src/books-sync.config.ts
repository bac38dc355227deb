import { Env } from '@waypost/shared/config';
import { LoadedSource, SyncWorkerConfig, loadSyncWorkerConfig } from '@waypost/shared/sync';
import { SOURCES } from './sources';
import { BooksSourceDeps } from './sources/source.deps';

export const BOOKS_SYNC_PORT = 3205;

export interface BooksSyncConfig extends SyncWorkerConfig {
  /** Every source of `sources/index.ts`, its settings read. */
  readonly sources: readonly LoadedSource<BooksSourceDeps>[];
}

/** Reads books-sync's settings once, at boot; a bad value stops it with the variable's name. */
export function loadBooksSyncConfig(env: Env): BooksSyncConfig {
  return {
    ...loadSyncWorkerConfig(env, BOOKS_SYNC_PORT),
    sources: SOURCES.map((source) => source.load(env)),
  };
}
