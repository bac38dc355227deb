import { Kysely, sql } from 'kysely';
import { readAhead } from './read-ahead';
import { DEFAULT_SYNC_LIMITS, SyncLimits, withIdleTimeout, withTimeout } from './sync.limits';
import { SyncMetrics } from './sync.metrics';
import {
  AnySyncSource,
  MappedRecord,
  RunCounts,
  RunProgress,
  RunResult,
  SourceReconciliation,
  SyncLogger,
  emptyCounts,
} from './sync.types';

export interface SyncRunnerOptions {
  readonly dataset: string;
  /** The dataset's schema, which holds its sync_runs, sync_watermarks and dead_letters tables. */
  readonly schema: string;
  readonly metrics: SyncMetrics;
  readonly logger: SyncLogger;
  /** Page timeout and stale-run limit (DEFAULT_SYNC_LIMITS when not given). */
  readonly limits?: SyncLimits;
}

export interface RunOptions {
  readonly trigger: string;
  readonly onProgress?: (progress: RunProgress) => void | Promise<void>;
}

type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Pages mapped at once ahead of the one being written (see `run`). */
const MAPPED_AHEAD = 2;

/** Attempts (100 ms apart) to take a lock whose stale holder was just ended. */
const TAKE_OVER_ATTEMPTS = 50;

/** Rows deleted per transaction by a reconciliation. */
export const RECONCILE_DELETE_BATCH = 500;

/** What a run does: pull changes after the watermark, or reconcile ids with the source. */
type RunKind = 'pull' | 'reconcile';
const KINDS: Record<RunKind, { label: string; firstStage: string; lastStage: string }> = {
  pull: { label: 'sync run', firstStage: 'pulling', lastStage: 'done' },
  reconcile: { label: 'reconciliation', firstStage: 'comparing', lastStage: 'reconciled' },
};

/** A page's upserts and what the source's `prepare` made of them. */
interface PreparedUpserts {
  readonly upserts: readonly unknown[];
  readonly prepared: unknown;
}

/** Commits one batch: rows, dead letters and (for pulls) the watermark to store with them. */
type Commit = (
  mapped: readonly MappedRecord<unknown>[],
  watermark?: { readonly value: unknown },
  prepared?: PreparedUpserts,
) => Promise<void>;

/**
 * Runs one source: pull pages after the stored watermark, map, and for each page write rows,
 * dead letters and the new watermark in one transaction. A failure leaves the last committed
 * watermark in place, so a retry resumes there; upserts make replaying a page harmless.
 */
export class SyncRunner {
  private readonly limits: SyncLimits;

  constructor(
    private readonly db: AnyDb,
    private readonly options: SyncRunnerOptions,
  ) {
    this.limits = options.limits ?? DEFAULT_SYNC_LIMITS;
  }

  async run(source: AnySyncSource, runOptions: RunOptions): Promise<RunResult> {
    return this.tracked(source, 'pull', runOptions, async (commit) => {
      const watermark = await this.watermark(source.name);
      // Pulling, mapping and writing overlap instead of taking turns: while a page is written,
      // the next two are mapped (a gazetteer lookup each) and prepared for their write (e.g.
      // encoded, off the one-at-a-time write path) and the one after them pulled.
      const pulled = readAhead(
        withIdleTimeout(source.pull(watermark), this.limits.pageTimeoutMs, source.name),
        async (page) => page,
      );
      const pages = readAhead(
        pulled,
        async (page) => {
          const mapped = await source.map(page.records);
          const upserts = rowsToUpsert(mapped);
          const prepared = source.prepare
            ? { upserts, prepared: source.prepare(upserts) }
            : undefined;
          return { mapped, watermark: page.watermark, prepared };
        },
        MAPPED_AHEAD,
      );
      for await (const page of pages) {
        await commit(page.mapped, { value: page.watermark }, page.prepared);
      }
    });
  }

  /**
   * Reconciles a source that declares a `reconciliation`: deletes the rows of ids the source no
   * longer has and writes the records it has but the dataset lacks. Batches commit like pages
   * (the watermark stays; its `updated_at` moves, so readers see the data changed).
   */
  async reconcile(source: AnySyncSource, runOptions: RunOptions): Promise<RunResult> {
    const reconciliation: SourceReconciliation | undefined = source.reconciliation;
    if (!reconciliation) throw new Error(`source ${source.name} has no reconciliation`);
    return this.tracked(source, 'reconcile', runOptions, async (commit) => {
      const { gone, missing } = await withTimeout(
        reconciliation.compare(await reconciliation.storedIds(this.db)),
        this.limits.pageTimeoutMs,
        source.name,
      );
      for (let i = 0; i < gone.length; i += RECONCILE_DELETE_BATCH) {
        const ids = gone.slice(i, i + RECONCILE_DELETE_BATCH);
        await commit(ids.map((sourceId) => ({ outcome: 'delete', sourceId })));
      }
      if (missing.length === 0) return;
      const fetched = withIdleTimeout(
        reconciliation.fetch(missing),
        this.limits.pageTimeoutMs,
        source.name,
      );
      for await (const records of fetched) {
        await commit(await source.map(records));
      }
    });
  }

  /** The stored watermark of a source, or null before its first committed batch. */
  async watermark(sourceName: string): Promise<unknown | null> {
    const { rows } = await sql<{ watermark: unknown }>`
      select watermark from ${this.table('sync_watermarks')} where source = ${sourceName}`.execute(
      this.db,
    );
    return rows[0]?.watermark ?? null;
  }

  /**
   * Runs `work` under the source's lock as a recorded run: its batches commit through `commit`,
   * which counts outcomes and reports progress; the run ends succeeded or failed.
   */
  private async tracked(
    source: AnySyncSource,
    kind: RunKind,
    runOptions: RunOptions,
    work: (commit: Commit) => Promise<void>,
  ): Promise<RunResult> {
    // A session-level advisory lock on its own connection: released by PostgreSQL if we die.
    // Pulls and reconciliations of one source share it, so they never overlap.
    return this.db.connection().execute(async (lockConn) => {
      const lockKey = `waypost:sync:${this.options.schema}:${source.name}`;
      const tryLock = async () => {
        const { rows } = await sql<{
          locked: boolean;
        }>`select pg_try_advisory_lock(hashtext(${lockKey})) as locked`.execute(lockConn);
        return rows[0]?.locked === true;
      };
      let locked = await tryLock();
      // The holder may be a run that stopped beating (a frozen or cut-off worker): take it over.
      if (!locked && (await this.endStaleRun(source.name, lockKey))) {
        for (let i = 0; i < TAKE_OVER_ATTEMPTS && !locked; i++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          locked = await tryLock();
        }
      }
      if (!locked)
        return { status: 'skipped', reason: `a run of ${source.name} is already in progress` };
      try {
        return await this.runLocked(source, kind, runOptions, work);
      } finally {
        // If the lock's connection died, PostgreSQL already released the lock.
        await sql`select pg_advisory_unlock(hashtext(${lockKey}))`
          .execute(lockConn)
          .catch(() => undefined);
      }
    });
  }

  /**
   * Abandons the source's running run if its heartbeat is older than `staleRunMs`, and ends the
   * connection that holds its lock (PostgreSQL then frees the lock); whether there was one.
   */
  private async endStaleRun(sourceName: string, lockKey: string): Promise<boolean> {
    const { staleRunMs } = this.limits;
    const { rows } = await sql<{ id: number }>`
      update ${this.table('sync_runs')} set status = 'abandoned', finished_at = now(),
        error = ${`no heartbeat for ${staleRunMs} ms: abandoned, its lock taken over`}
      where source = ${sourceName} and status = 'running'
        and heartbeat_at < now() - make_interval(secs => ${staleRunMs / 1000})
      returning id`.execute(this.db);
    if (rows.length === 0) return false;
    // A one-number advisory lock shows in pg_locks as its high (classid) and low (objid) halves.
    await sql`
      with k as (select hashtext(${lockKey})::bigint as key)
      select pg_terminate_backend(l.pid) from pg_locks l, k
      where l.locktype = 'advisory' and l.objsubid = 1 and l.granted
        and l.pid <> pg_backend_pid()
        and l.database = (select oid from pg_database where datname = current_database())
        and l.classid::bigint = (k.key >> 32) & 4294967295
        and l.objid::bigint = k.key & 4294967295`.execute(this.db);
    this.options.logger.warn(
      { dataset: this.options.dataset, source: sourceName, runIds: rows.map((r) => r.id) },
      `abandoned a run with no heartbeat for ${staleRunMs} ms and took over its lock`,
    );
    return true;
  }

  private async runLocked(
    source: AnySyncSource,
    kind: RunKind,
    runOptions: RunOptions,
    work: (commit: Commit) => Promise<void>,
  ): Promise<RunResult> {
    const { dataset, metrics, logger } = this.options;
    const { label, firstStage, lastStage } = KINDS[kind];
    const labels = { dataset, source: source.name };
    // We hold the lock, so any run still marked running died without finishing.
    await sql`
      update ${this.table('sync_runs')} set status = 'abandoned', finished_at = now(),
        error = 'the worker stopped before the run finished'
      where source = ${source.name} and status = 'running'`.execute(this.db);
    const runId = await this.startRun(source.name, runOptions.trigger, firstStage);
    const counts: RunCounts = emptyCounts();
    let pages = 0;
    const endTimer = kind === 'pull' ? metrics.runDuration.startTimer(labels) : undefined;
    metrics.inProgress.set(labels, 1);
    logger.info(
      { dataset, source: source.name, runId, trigger: runOptions.trigger },
      `${label} started`,
    );
    // The heartbeat says the worker is alive between pages; a run abandoned meanwhile stops.
    let abandoned = false;
    const heartbeat = setInterval(
      () => {
        void this.beat(runId).then(
          (running) => (abandoned ||= !running),
          () => undefined,
        );
      },
      Math.max(100, Math.floor(this.limits.staleRunMs / 5)),
    );
    heartbeat.unref();
    const commit: Commit = async (mapped, watermark, prepared) => {
      if (abandoned) throw new Error(`run ${runId} was abandoned and taken over by another worker`);
      const pageCounts = await this.commitPage(source, runId, mapped, watermark, prepared);
      pages += 1;
      for (const [outcome, n] of Object.entries(pageCounts) as [keyof RunCounts, number][]) {
        counts[outcome] += n;
        if (n > 0) metrics.records.inc({ ...labels, outcome }, n);
      }
      await this.recordProgress(runId, kind === 'pull' ? 'writing' : 'reconciling', counts);
      await runOptions.onProgress?.({ runId, source: source.name, pages, counts: { ...counts } });
    };
    try {
      await work(commit);
      await this.finishRun(runId, 'succeeded', lastStage, counts, null);
      if (kind === 'pull') metrics.lastSuccess.set(labels, Date.now() / 1000);
      else metrics.lastReconciliation.set(labels, Date.now() / 1000);
      endTimer?.({ status: 'succeeded' });
      logger.info({ dataset, source: source.name, runId, pages, counts }, `${label} succeeded`);
      return { status: 'succeeded', runId, counts, pages };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.finishRun(runId, 'failed', lastStage, counts, message).catch((e) =>
        logger.error({ runId, err: String(e) }, 'could not record the failed run'),
      );
      endTimer?.({ status: 'failed' });
      logger.error(
        { dataset, source: source.name, runId, pages, counts, err: message },
        `${label} failed`,
      );
      throw error;
    } finally {
      clearInterval(heartbeat);
      metrics.inProgress.set(labels, 0);
    }
  }

  private async commitPage(
    source: AnySyncSource,
    runId: number,
    mapped: readonly MappedRecord<unknown>[],
    watermark: { readonly value: unknown } | undefined,
    prepared: PreparedUpserts | undefined,
  ): Promise<RunCounts> {
    const upserts = prepared?.upserts ?? rowsToUpsert(mapped);
    const deletes = mapped.flatMap((m) => (m.outcome === 'delete' ? [m.sourceId] : []));
    const invalid = mapped.filter((m) => m.outcome === 'invalid');
    return this.db.transaction().execute(async (trx) => {
      const written = await source.write(
        trx,
        prepared ? { upserts, deletes, prepared: prepared.prepared } : { upserts, deletes },
      );
      // One letter per record and reason, refreshed when seen again; cleared once the record maps.
      if (invalid.length > 0) {
        await sql`
          insert into ${this.table('dead_letters')} (source, source_id, run_id, reason, payload)
          select ${source.name}, source_id, ${runId}, reason, payload
          from jsonb_to_recordset(${JSON.stringify(
            invalid.map((m) => ({ source_id: m.sourceId, reason: m.reason, payload: m.payload })),
          )}::jsonb) as t(source_id text, reason text, payload jsonb)
          on conflict (source, source_id, reason) do update
            set payload = excluded.payload, run_id = excluded.run_id, created_at = now()`.execute(
          trx,
        );
      }
      const resolved = mapped.flatMap((m) => (m.outcome === 'invalid' ? [] : [m.sourceId]));
      if (resolved.length > 0) {
        await sql`
          delete from ${this.table('dead_letters')}
          where source = ${source.name} and source_id = any(${resolved}::text[])`.execute(trx);
      }
      // Without a new watermark (a reconciliation) the stored one stays, null if there is none
      // yet; updated_at moves either way, in this transaction, as readers' ETags expect.
      await sql`
        insert into ${this.table('sync_watermarks')} (source, watermark, updated_at)
        values (${source.name}, ${JSON.stringify(watermark ? watermark.value : null)}::jsonb, now())
        on conflict (source) do update
          set ${watermark ? sql`watermark = excluded.watermark,` : sql``} updated_at = now()`.execute(
        trx,
      );
      return { ...written, invalid: invalid.length };
    });
  }

  private async startRun(sourceName: string, trigger: string, stage: string): Promise<number> {
    const { rows } = await sql<{ id: number }>`
      insert into ${this.table('sync_runs')} (source, trigger, stage, status)
      values (${sourceName}, ${trigger}, ${stage}, 'running') returning id`.execute(this.db);
    return rows[0]!.id;
  }

  /** Moves the run's heartbeat; false when the run is no longer running (abandoned). */
  private async beat(runId: number): Promise<boolean> {
    const { rows } = await sql`
      update ${this.table('sync_runs')} set heartbeat_at = now()
      where id = ${runId} and status = 'running' returning id`.execute(this.db);
    return rows.length > 0;
  }

  private async recordProgress(runId: number, stage: string, counts: RunCounts): Promise<void> {
    await sql`
      update ${this.table('sync_runs')} set stage = ${stage}, counts = ${JSON.stringify(counts)}::jsonb, heartbeat_at = now()
      where id = ${runId}`.execute(this.db);
  }

  private async finishRun(
    runId: number,
    status: 'succeeded' | 'failed',
    stage: string,
    counts: RunCounts,
    error: string | null,
  ) {
    await sql`
      update ${this.table('sync_runs')}
      set status = ${status}, stage = ${stage}, finished_at = now(), heartbeat_at = now(),
          counts = ${JSON.stringify(counts)}::jsonb, error = ${error}
      where id = ${runId} and status = 'running'`.execute(this.db);
  }

  private table(name: string) {
    return sql.table(`${this.options.schema}.${name}`);
  }
}

/** The rows of a page's upserts, in page order. */
function rowsToUpsert(mapped: readonly MappedRecord<unknown>[]): unknown[] {
  return mapped.flatMap((m) => (m.outcome === 'upsert' ? [m.row] : []));
}
