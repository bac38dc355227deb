import { SourcePage } from './sync.types';

/**
 * Partitioned sources (a partner pulled city by city): a run pulls the partitions that are due,
 * several at once, and the source's `SyncSource.pull` yields what `pullPartitions` makes of them.
 * Each partition keeps its own watermark (the source's table, written by `write` in the
 * transaction of the partition's `complete` item); the runner's per-source watermark is unused.
 */
export type PartitionItem<TRecord> =
  | { readonly kind: 'record'; readonly partition: string; readonly record: TRecord }
  /** After a partition's last page: every id the complete pull saw (the rest of it is gone). */
  | {
      readonly kind: 'complete';
      readonly partition: string;
      readonly seen: readonly string[];
      readonly at: Date;
    };

export interface PartitionedPull<TRecord> {
  /** The partitions due, in the order to pull them. */
  readonly partitions: readonly string[];
  /** Partitions pulled at once (the source's rate limit sets it). */
  readonly concurrency: number;
  /** Pages of one partition, in order; a throw fails that partition only. */
  pull(partition: string): AsyncIterable<readonly TRecord[]>;
  /** The id a record is seen under. */
  idOf(record: TRecord): string;
  /** Told of each failed partition (nothing of it is deleted, its watermark stays). */
  onFailure?(partition: string, error: unknown): Promise<void> | void;
}

/** Thrown after the last page when any partition failed, so the run fails and is retried. */
export class PartitionsFailedError extends Error {
  constructor(readonly failed: ReadonlyMap<string, unknown>) {
    const [first] = failed.entries();
    super(
      `${failed.size} partition(s) failed, e.g. ${first?.[0]}: ${first?.[1] instanceof Error ? first[1].message : String(first?.[1])}`,
    );
    this.name = 'PartitionsFailedError';
  }
}

/** Pages buffered ahead of the consumer before the partitions' pulls wait. */
const BUFFERED_PAGES = 8;

/**
 * Pulls every due partition, at most `concurrency` at once, as pages for the runner: a page holds
 * one partition's records; after a partition's last page comes a page with its `complete` item. A
 * partition that fails yields no `complete` (so nothing of it is deleted) and the others go on;
 * the pull then throws `PartitionsFailedError` so the run is retried, and the failed partitions,
 * their watermarks unmoved, are still due.
 */
export async function* pullPartitions<TRecord>(
  options: PartitionedPull<TRecord>,
): AsyncGenerator<SourcePage<PartitionItem<TRecord>>> {
  const queue = [...options.partitions];
  const buffer: SourcePage<PartitionItem<TRecord>>[] = [];
  const failed = new Map<string, unknown>();
  let wakeConsumer: (() => void) | null = null;
  const spaceWaiters: (() => void)[] = [];
  const wake = () => {
    wakeConsumer?.();
    wakeConsumer = null;
  };
  let stopped = false;

  const push = async (page: SourcePage<PartitionItem<TRecord>>) => {
    while (buffer.length >= BUFFERED_PAGES && !stopped) {
      await new Promise<void>((resolve) => spaceWaiters.push(resolve));
    }
    buffer.push(page);
    wake();
  };

  const worker = async () => {
    for (
      let partition = queue.shift();
      partition !== undefined && !stopped;
      partition = queue.shift()
    ) {
      const seen: string[] = [];
      try {
        for await (const records of options.pull(partition)) {
          if (stopped) return;
          seen.push(...records.map((r) => options.idOf(r)));
          const items = records.map((record) => ({ kind: 'record' as const, partition, record }));
          await push({ records: items, watermark: null });
        }
        const at = new Date();
        await push({ records: [{ kind: 'complete', partition, seen, at }], watermark: null });
      } catch (error) {
        failed.set(partition, error);
        await options.onFailure?.(partition, error);
      }
    }
  };

  const workers = Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker),
  ).finally(() => {
    stopped = true;
    wake();
  });
  let workersError: unknown = null;
  workers.catch((error: unknown) => (workersError = error));

  try {
    for (;;) {
      const page = buffer.shift();
      if (page) {
        spaceWaiters.shift()?.();
        yield page;
        continue;
      }
      if (stopped) break;
      await new Promise<void>((resolve) => (wakeConsumer = resolve));
    }
    await workers.catch(() => undefined);
    if (workersError) throw workersError;
    if (failed.size > 0) throw new PartitionsFailedError(failed);
  } finally {
    // The consumer stopped early (the run failed): let the pulls end.
    stopped = true;
    spaceWaiters.splice(0).forEach((resolve) => resolve());
  }
}
