import {
  ConnectionOptions,
  Job,
  JobsOptions,
  Queue,
  QueueEvents,
  UnrecoverableError,
  Worker,
} from 'bullmq';
import { SyncRunner } from './sync.runner';
import { AnySyncSource, RunProgress, RunResult, Schedule } from './sync.types';

export enum SyncJobName {
  /** Pull the source's changes after its watermark. */
  RunSource = 'run-source',
  /** Compare the source's full id list with the dataset's (sources with a reconciliation). */
  ReconcileSource = 'reconcile-source',
}

/** Scheduler and deduplication keys per job: `sync:<source>`, `reconcile:<source>`. */
const JOB_KEYS: Record<SyncJobName, { scheduler: string; dedup: string }> = {
  [SyncJobName.RunSource]: { scheduler: 'sync', dedup: 'run' },
  [SyncJobName.ReconcileSource]: { scheduler: 'reconcile', dedup: 'reconcile' },
};

const repeatOf = (schedule: Schedule) =>
  'everyMs' in schedule ? { every: schedule.everyMs } : { pattern: schedule.pattern };

export type SyncTrigger = 'schedule' | 'manual';

export interface RunSourceJobData {
  readonly source: string;
  readonly trigger: SyncTrigger;
}

export const syncQueueName = (dataset: string): string => `sync-${dataset}`;

/** Redis key prefix of every sync queue, so workers and the CLI meet on the same keys. */
export const DEFAULT_SYNC_QUEUE_PREFIX = 'waypost';

/** Retries with exponential backoff resume from the last committed watermark. */
export const SYNC_JOB_ATTEMPTS = 5;
export const SYNC_JOB_BACKOFF_MS = 5_000;
export const SYNC_JOB_OPTIONS: JobsOptions = {
  attempts: SYNC_JOB_ATTEMPTS,
  backoff: { type: 'exponential', delay: SYNC_JOB_BACKOFF_MS },
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 500 },
};

export interface SyncQueueOptions {
  readonly dataset: string;
  readonly connection: ConnectionOptions;
  /** Redis key prefix (default DEFAULT_SYNC_QUEUE_PREFIX); tests use a unique one. */
  readonly prefix?: string;
  readonly jobOptions?: JobsOptions;
}

/** The dataset's sync queue: schedules (BullMQ job schedulers, one per source) and manual runs. */
export class SyncQueue {
  readonly queue: Queue<RunSourceJobData, RunResult, string>;
  private readonly jobOptions: JobsOptions;

  constructor(readonly options: SyncQueueOptions) {
    this.jobOptions = { ...SYNC_JOB_OPTIONS, ...options.jobOptions };
    this.queue = new Queue(syncQueueName(options.dataset), {
      connection: options.connection,
      prefix: options.prefix ?? DEFAULT_SYNC_QUEUE_PREFIX,
      defaultJobOptions: this.jobOptions,
    });
  }

  /**
   * Creates or updates one job scheduler per source, and one per reconciliation; idempotent across
   * restarts and replicas.
   */
  async schedule(sources: readonly AnySyncSource[]): Promise<void> {
    for (const source of sources) {
      const jobs: [SyncJobName, Schedule][] = [[SyncJobName.RunSource, source.schedule]];
      if (source.reconciliation) {
        jobs.push([SyncJobName.ReconcileSource, source.reconciliation.schedule]);
      }
      for (const [name, schedule] of jobs) {
        await this.queue.upsertJobScheduler(
          `${JOB_KEYS[name].scheduler}:${source.name}`,
          repeatOf(schedule),
          { name, data: { source: source.name, trigger: 'schedule' }, opts: this.jobOptions },
        );
      }
    }
  }

  /** Queues a job now; while one of the same kind for the source waits or runs, another is not added. */
  async enqueue(
    source: string,
    trigger: SyncTrigger = 'manual',
    name: SyncJobName = SyncJobName.RunSource,
  ): Promise<Job<RunSourceJobData, RunResult>> {
    return this.queue.add(
      name,
      { source, trigger },
      { ...this.jobOptions, deduplication: { id: `${JOB_KEYS[name].dedup}:${source}` } },
    );
  }

  /** Queue events, for waiting on a job and following its progress. */
  events(): QueueEvents {
    return new QueueEvents(syncQueueName(this.options.dataset), {
      connection: this.options.connection,
      prefix: this.options.prefix ?? DEFAULT_SYNC_QUEUE_PREFIX,
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

export interface SyncWorkerOptions {
  readonly dataset: string;
  readonly connection: ConnectionOptions;
  readonly prefix?: string;
  readonly sources: readonly AnySyncSource[];
  readonly runner: SyncRunner;
}

/** The dataset's worker: concurrency 1, so runs never overlap inside a worker; the runner's lock covers replicas. */
export function createSyncWorker(
  options: SyncWorkerOptions,
): Worker<RunSourceJobData, RunResult, SyncJobName> {
  const byName = new Map(options.sources.map((s) => [s.name, s]));
  return new Worker<RunSourceJobData, RunResult, SyncJobName>(
    syncQueueName(options.dataset),
    async (job) => {
      const source = byName.get(job.data.source);
      // A job no retry can fix fails at once instead of backing off through every attempt.
      if (!source) {
        throw new UnrecoverableError(
          `unknown source "${job.data.source}" for dataset ${options.dataset}`,
        );
      }
      if (job.name === SyncJobName.ReconcileSource && !source.reconciliation) {
        throw new UnrecoverableError(`source ${source.name} has no reconciliation`);
      }
      const runOptions = {
        trigger: job.data.trigger,
        onProgress: (progress: RunProgress) => job.updateProgress({ ...progress }),
      };
      return job.name === SyncJobName.ReconcileSource
        ? options.runner.reconcile(source, runOptions)
        : options.runner.run(source, runOptions);
    },
    {
      connection: options.connection,
      prefix: options.prefix ?? DEFAULT_SYNC_QUEUE_PREFIX,
      concurrency: 1,
    },
  );
}
