import { Job } from 'bullmq';
import { DEFAULT_REDIS_URL } from '@waypost/shared/config';
import { RunProgress, RunResult, SyncJobName, SyncQueue } from '@waypost/shared/sync';
import { DatasetEntry, findDataset } from '../datasets';

/**
 * Queues a run of every source of a dataset (or one) and follows it until it ends; with
 * `SyncJobName.ReconcileSource`, a reconciliation of each source with its full id list instead.
 */
export async function runSync(
  dataset: DatasetEntry,
  sources: readonly string[],
  redisUrl: string,
  print: (line: string) => void = console.log,
  job: SyncJobName = SyncJobName.RunSource,
): Promise<RunResult[]> {
  const what = job === SyncJobName.ReconcileSource ? 'reconciled' : 'done';
  const queue = new SyncQueue({ dataset: dataset.name, connection: { url: redisUrl } });
  const events = queue.events();
  await events.waitUntilReady();
  let lastPrint = 0;
  events.on('progress', ({ data }) => {
    const p = data as unknown as RunProgress;
    // A page every few milliseconds would flood the terminal: one line every two seconds.
    if (!p || typeof p !== 'object' || !('counts' in p) || Date.now() - lastPrint < 2_000) return;
    lastPrint = Date.now();
    const c = p.counts;
    print(
      `  ${p.source}: page ${p.pages} — ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged, ${c.deleted} deleted, ${c.invalid} dead-lettered`,
    );
  });
  try {
    const results: RunResult[] = [];
    for (const source of sources) {
      const queued: Job = await queue.enqueue(source, 'manual', job);
      print(
        `queued ${dataset.name}/${source} (job ${queued.id}); waiting for the ${dataset.sync.project} worker…`,
      );
      const result = (await queued.waitUntilFinished(events)) as RunResult;
      print(
        result.status === 'succeeded'
          ? `${dataset.name}/${source}: ${what} in ${result.pages} page(s) (run ${result.runId}): ${JSON.stringify(result.counts)}`
          : `${dataset.name}/${source}: skipped — ${result.reason}`,
      );
      results.push(result);
    }
    return results;
  } finally {
    await events.close();
    await queue.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flags = args.filter((a) => a.startsWith('--'));
  const [datasetName, source, ...extra] = args.filter((a) => !a.startsWith('--'));
  if (!datasetName || extra.length > 0 || flags.some((f) => f !== '--reconcile')) {
    console.error('usage: npm run sync -- <dataset> [source] [--reconcile]');
    process.exit(2);
  }
  const dataset = findDataset(datasetName);
  if (source && !dataset.sync.sources.includes(source)) {
    throw new Error(
      `unknown source "${source}"; ${dataset.name} has ${dataset.sync.sources.join(', ')}`,
    );
  }
  await runSync(
    dataset,
    source ? [source] : dataset.sync.sources,
    process.env['REDIS_URL'] ?? DEFAULT_REDIS_URL,
    console.log,
    flags.includes('--reconcile') ? SyncJobName.ReconcileSource : SyncJobName.RunSource,
  );
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
