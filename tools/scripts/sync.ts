import { Job } from 'bullmq';
import { DEFAULT_REDIS_URL } from '@waypost/shared/config';
import { RunProgress, RunResult, SyncQueue } from '@waypost/shared/sync';
import { DatasetEntry, findDataset } from '../datasets';

/** Queues a run of every source of a dataset (or one) and follows it until it ends. */
export async function runSync(
  dataset: DatasetEntry,
  sources: readonly string[],
  redisUrl: string,
  print: (line: string) => void = console.log,
): Promise<RunResult[]> {
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
      const job: Job = await queue.enqueue(source);
      print(
        `queued ${dataset.name}/${source} (job ${job.id}); waiting for the ${dataset.sync.project} worker…`,
      );
      const result = (await job.waitUntilFinished(events)) as RunResult;
      print(
        result.status === 'succeeded'
          ? `${dataset.name}/${source}: done in ${result.pages} page(s) (run ${result.runId}): ${JSON.stringify(result.counts)}`
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
  const [datasetName, source] = process.argv.slice(2);
  if (!datasetName) {
    console.error('usage: npm run sync -- <dataset> [source]');
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
  );
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
