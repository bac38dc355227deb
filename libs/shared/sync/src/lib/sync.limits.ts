import { Env, envInt } from '@waypost/shared/config';

/** How long a sync may wait on anything before the run fails or is taken over. */
export interface SyncLimits {
  /** PostgreSQL statement_timeout of every sync connection: the target and a source database. */
  readonly statementTimeoutMs: number;
  /** A source that yields no page (or reconciliation batch) for this long fails the run. */
  readonly pageTimeoutMs: number;
  /**
   * A run still marked running whose heartbeat is older than this is abandoned: the connection
   * holding its lock is ended, so the next run can start. The heartbeat beats at a fifth of it.
   */
  readonly staleRunMs: number;
}

export const DEFAULT_SYNC_LIMITS: SyncLimits = {
  statementTimeoutMs: 60_000,
  pageTimeoutMs: 120_000,
  staleRunMs: 300_000,
};

/** Reads the limits of a sync worker (SYNC_STATEMENT_TIMEOUT_MS, SYNC_PAGE_TIMEOUT_MS, SYNC_STALE_RUN_MS). */
export function loadSyncLimits(env: Env): SyncLimits {
  const d = DEFAULT_SYNC_LIMITS;
  return {
    statementTimeoutMs: envInt(
      env,
      'SYNC_STATEMENT_TIMEOUT_MS',
      d.statementTimeoutMs,
      100,
      3_600_000,
    ),
    pageTimeoutMs: envInt(env, 'SYNC_PAGE_TIMEOUT_MS', d.pageTimeoutMs, 100, 3_600_000),
    staleRunMs: envInt(env, 'SYNC_STALE_RUN_MS', d.staleRunMs, 1_000, 86_400_000),
  };
}

/** Raised when a source yields nothing for `pageTimeoutMs`. */
export class SourceTimeoutError extends Error {
  constructor(source: string, ms: number) {
    super(`source ${source} yielded nothing for ${ms} ms`);
    this.name = 'SourceTimeoutError';
  }
}

/**
 * The items of `iterable`, failing with SourceTimeoutError when the next one takes over `ms`. The
 * hung call is left behind (an async generator cannot be stopped mid-await); the run fails and
 * releases its lock, and a retry starts afresh from the last committed watermark.
 */
export async function* withIdleTimeout<T>(
  iterable: AsyncIterable<T>,
  ms: number,
  source: string,
): AsyncGenerator<T> {
  const iterator = iterable[Symbol.asyncIterator]();
  for (;;) {
    const result = await withTimeout(iterator.next(), ms, source);
    if (result.done) return;
    yield result.value;
  }
}

/** `promise`, or a SourceTimeoutError after `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, source: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new SourceTimeoutError(source, ms)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
