import { Kysely } from 'kysely';
import { Registry } from 'prom-client';
import { SyncMetrics } from './sync.metrics';
import { SyncLimits } from './sync.limits';
import { SyncQueue, createSyncWorker } from './sync.queue';
import { SyncRunner } from './sync.runner';
import { AnySyncSource, SyncLogger } from './sync.types';

export interface SyncWorkerHostOptions {
  readonly dataset: string;
  /** The dataset's schema, holding its sync bookkeeping. */
  readonly schema: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  /** First retry delay of a failed run; doubles per attempt. */
  readonly retryBackoffMs: number;
  readonly registry: Registry;
  readonly logger: SyncLogger;
  /** Page timeout and stale-run limit of the runner (DEFAULT_SYNC_LIMITS when not given). */
  readonly limits?: SyncLimits;
}

/**
 * A dataset's sync worker around its sources: runner, queue, schedules and (once started) the
 * BullMQ worker. A dataset's composition root extends it with the sources it builds.
 */
export class SyncWorkerHost<DB, S extends readonly AnySyncSource[] = readonly AnySyncSource[]> {
  readonly runner: SyncRunner;
  readonly queue: SyncQueue;
  worker?: ReturnType<typeof createSyncWorker>;

  constructor(
    readonly db: Kysely<DB>,
    readonly sources: S,
    private readonly options: SyncWorkerHostOptions,
  ) {
    this.runner = new SyncRunner(db, {
      dataset: options.dataset,
      schema: options.schema,
      metrics: new SyncMetrics(options.registry),
      logger: options.logger,
      limits: options.limits,
    });
    this.queue = new SyncQueue({
      dataset: options.dataset,
      connection: this.connection(),
      prefix: options.queuePrefix,
      jobOptions: { backoff: { type: 'exponential', delay: options.retryBackoffMs } },
    });
  }

  /** Registers the schedules and starts consuming jobs. */
  async start(): Promise<void> {
    await this.queue.schedule(this.sources);
    this.worker = createSyncWorker({
      dataset: this.options.dataset,
      connection: this.connection(),
      prefix: this.options.queuePrefix,
      sources: this.sources,
      runner: this.runner,
    });
    await this.worker.waitUntilReady();
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    await this.db.destroy();
  }

  private connection() {
    return { url: this.options.redisUrl, maxRetriesPerRequest: null };
  }
}
