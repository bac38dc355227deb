import { Kysely } from 'kysely';

/** What a source record became after validation and mapping. */
export type MappedRecord<TRow> =
  | { readonly outcome: 'upsert'; readonly sourceId: string; readonly row: TRow }
  | { readonly outcome: 'delete'; readonly sourceId: string }
  | {
      readonly outcome: 'invalid';
      readonly sourceId: string | null;
      readonly reason: string;
      readonly payload: unknown;
    };

/** One page pulled from a source, and the watermark to store once the page has committed. */
export interface SourcePage<TRecord> {
  readonly records: readonly TRecord[];
  readonly watermark: unknown;
}

export interface WriteCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly deleted: number;
}

export type Schedule = { readonly everyMs: number } | { readonly pattern: string };

/** How the ids a dataset holds differ from the ids its source has now. */
export interface IdComparison {
  /** Ids the source no longer has, each confirmed: the runner deletes their rows. */
  readonly gone: readonly string[];
  /** Ids the source has and the dataset lacks (e.g. a change feed that skipped them). */
  readonly missing: readonly string[];
}

/**
 * Periodic full reconciliation, for a source whose change feed shows no deletions (architecture.md,
 * "Sync workers", step 4): on its own schedule the runner compares stored ids with the source's,
 * deletes the gone and writes the missing, under the same lock as the source's runs.
 */
export interface SourceReconciliation<TRecord = unknown, DB = unknown> {
  readonly schedule: Schedule;
  /** The source ids of every row the dataset holds from this source. */
  storedIds(db: Kysely<DB>): Promise<readonly string[]>;
  compare(storedIds: readonly string[]): Promise<IdComparison>;
  /** Pages of the records of `ids`; mapped and written like pulled pages, watermark untouched. */
  fetch(ids: readonly string[]): AsyncIterable<readonly TRecord[]>;
}

/**
 * One adapter per source (house style 5): pulls pages since a watermark, maps records to rows,
 * writes a batch inside the runner's transaction. Adding a source is adding one of these.
 */
export interface SyncSource<TRecord = unknown, TRow = unknown, DB = unknown> {
  readonly name: string;
  readonly schedule: Schedule;
  /** Only for sources without tombstones: how their deletions are found. */
  readonly reconciliation?: SourceReconciliation<TRecord, DB>;
  /**
   * Pages of changes after `watermark` (null: from the beginning), in watermark order. A source
   * pulled partition by partition, each with its own watermark, yields `pullPartitions`'s pages
   * (sync.partitions.ts).
   */
  pull(watermark: unknown | null): AsyncIterable<SourcePage<TRecord>>;
  /**
   * Validates and maps a page's records, in order (gazetteer lookups go here, batched). Runs while
   * the previous page is being written, so it must not depend on that page's writes.
   */
  map(records: readonly TRecord[]): Promise<MappedRecord<TRow>[]>;
  /**
   * Optional: prepares a pulled page's upserts for `write` (e.g. encodes the batch) while earlier
   * pages are written, so the batch transaction, which runs one at a time, only sends it. `write`
   * then gets the result as `prepared`, with the very `upserts` array it was made from.
   */
  prepare?(upserts: readonly TRow[]): unknown;
  /** Applies a batch; runs inside the batch transaction together with the watermark update. */
  write(
    trx: Kysely<DB>,
    batch: { upserts: readonly TRow[]; deletes: readonly string[]; prepared?: unknown },
  ): Promise<WriteCounts>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySyncSource = SyncSource<any, any, any>;

export type RunOutcome = 'inserted' | 'updated' | 'unchanged' | 'deleted' | 'invalid';
export type RunCounts = Record<RunOutcome, number>;

export type RunResult =
  | {
      readonly status: 'succeeded';
      readonly runId: number;
      readonly counts: RunCounts;
      readonly pages: number;
    }
  | { readonly status: 'skipped'; readonly reason: string };

export interface RunProgress {
  readonly runId: number;
  readonly source: string;
  readonly pages: number;
  readonly counts: RunCounts;
}

/** The logging surface the sync needs (pino's Logger satisfies it). */
export interface SyncLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const emptyCounts = (): RunCounts => ({
  inserted: 0,
  updated: 0,
  unchanged: 0,
  deleted: 0,
  invalid: 0,
});
