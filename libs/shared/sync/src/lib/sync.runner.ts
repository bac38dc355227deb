import { Kysely, sql } from 'kysely';
import { SyncMetrics } from './sync.metrics';
import {
  MappedRecord,
  RunCounts,
  RunProgress,
  RunResult,
  SyncLogger,
  AnySyncSource,
  emptyCounts,
} from './sync.types';

export interface SyncRunnerOptions {
  readonly dataset: string;
  /** The dataset's schema, which holds its sync_runs, sync_watermarks and dead_letters tables. */
  readonly schema: string;
  readonly metrics: SyncMetrics;
  readonly logger: SyncLogger;
}

export interface RunOptions {
  readonly trigger: string;
  readonly onProgress?: (progress: RunProgress) => void | Promise<void>;
}

type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Runs one source: pull pages after the stored watermark, map, and for each page write rows,
 * dead letters and the new watermark in one transaction. A failure leaves the last committed
 * watermark in place, so a retry resumes there; upserts make replaying a page harmless.
 */
export class SyncRunner {
  constructor(
    private readonly db: AnyDb,
    private readonly options: SyncRunnerOptions,
  ) {}

  async run(source: AnySyncSource, runOptions: RunOptions): Promise<RunResult> {
    // A session-level advisory lock on its own connection: released by PostgreSQL if we die.
    return this.db.connection().execute(async (lockConn) => {
      const lockKey = `waypost:sync:${this.options.schema}:${source.name}`;
      const { rows } = await sql<{
        locked: boolean;
      }>`select pg_try_advisory_lock(hashtext(${lockKey})) as locked`.execute(lockConn);
      if (!rows[0]?.locked)
        return { status: 'skipped', reason: `a run of ${source.name} is already in progress` };
      try {
        return await this.runLocked(source, runOptions);
      } finally {
        // If the lock's connection died, PostgreSQL already released the lock.
        await sql`select pg_advisory_unlock(hashtext(${lockKey}))`
          .execute(lockConn)
          .catch(() => undefined);
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

  private async runLocked(source: AnySyncSource, runOptions: RunOptions): Promise<RunResult> {
    const { dataset, metrics, logger } = this.options;
    const labels = { dataset, source: source.name };
    // We hold the lock, so any run still marked running died without finishing.
    await sql`
      update ${this.table('sync_runs')} set status = 'abandoned', finished_at = now(),
        error = 'the worker stopped before the run finished'
      where source = ${source.name} and status = 'running'`.execute(this.db);
    const runId = await this.startRun(source.name, runOptions.trigger);
    const counts: RunCounts = emptyCounts();
    let pages = 0;
    const endTimer = metrics.runDuration.startTimer(labels);
    metrics.inProgress.set(labels, 1);
    logger.info(
      { dataset, source: source.name, runId, trigger: runOptions.trigger },
      'sync run started',
    );
    try {
      const watermark = await this.watermark(source.name);
      for await (const page of source.pull(watermark)) {
        const mapped = await source.map(page.records);
        const pageCounts = await this.commitPage(source, runId, mapped, page.watermark);
        pages += 1;
        for (const [outcome, n] of Object.entries(pageCounts) as [keyof RunCounts, number][]) {
          counts[outcome] += n;
          if (n > 0) metrics.records.inc({ ...labels, outcome }, n);
        }
        await this.recordProgress(runId, 'writing', counts);
        await runOptions.onProgress?.({ runId, source: source.name, pages, counts: { ...counts } });
      }
      await this.finishRun(runId, 'succeeded', counts, null);
      metrics.lastSuccess.set(labels, Date.now() / 1000);
      endTimer({ status: 'succeeded' });
      logger.info({ dataset, source: source.name, runId, pages, counts }, 'sync run succeeded');
      return { status: 'succeeded', runId, counts, pages };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.finishRun(runId, 'failed', counts, message).catch((e) =>
        logger.error({ runId, err: String(e) }, 'could not record the failed run'),
      );
      endTimer({ status: 'failed' });
      logger.error(
        { dataset, source: source.name, runId, pages, counts, err: message },
        'sync run failed',
      );
      throw error;
    } finally {
      metrics.inProgress.set(labels, 0);
    }
  }

  private async commitPage(
    source: AnySyncSource,
    runId: number,
    mapped: readonly MappedRecord<unknown>[],
    watermark: unknown,
  ): Promise<RunCounts> {
    const upserts: unknown[] = [];
    const deletes: string[] = [];
    const invalid = mapped.filter((m) => m.outcome === 'invalid');
    for (const m of mapped) {
      if (m.outcome === 'upsert') upserts.push(m.row);
      else if (m.outcome === 'delete') deletes.push(m.sourceId);
    }
    return this.db.transaction().execute(async (trx) => {
      const written = await source.write(trx, { upserts, deletes });
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
      await sql`
        insert into ${this.table('sync_watermarks')} (source, watermark, updated_at)
        values (${source.name}, ${JSON.stringify(watermark)}::jsonb, now())
        on conflict (source) do update set watermark = excluded.watermark, updated_at = now()`.execute(
        trx,
      );
      return { ...written, invalid: invalid.length };
    });
  }

  private async startRun(sourceName: string, trigger: string): Promise<number> {
    const { rows } = await sql<{ id: number }>`
      insert into ${this.table('sync_runs')} (source, trigger, stage, status)
      values (${sourceName}, ${trigger}, 'pulling', 'running') returning id`.execute(this.db);
    return rows[0]!.id;
  }

  private async recordProgress(runId: number, stage: string, counts: RunCounts): Promise<void> {
    await sql`
      update ${this.table('sync_runs')} set stage = ${stage}, counts = ${JSON.stringify(counts)}::jsonb, heartbeat_at = now()
      where id = ${runId}`.execute(this.db);
  }

  private async finishRun(
    runId: number,
    status: 'succeeded' | 'failed',
    counts: RunCounts,
    error: string | null,
  ) {
    await sql`
      update ${this.table('sync_runs')}
      set status = ${status}, stage = 'done', finished_at = now(), heartbeat_at = now(),
          counts = ${JSON.stringify(counts)}::jsonb, error = ${error}
      where id = ${runId}`.execute(this.db);
  }

  private table(name: string) {
    return sql.table(`${this.options.schema}.${name}`);
  }
}
