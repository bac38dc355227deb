import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs, promisify } from 'node:util';
import { Pool } from 'pg';
import { dropDatabase, withDatabase } from '@waypost/shared/db';
import { seedFixturePlaces } from '@waypost/places/testing';
import { buildApps, builtFile } from '../tools/build/apps.build';
import { migrateAll } from '../tools/db/migrate';
import { RESULTS_DIR, ROOT, WORK_DIR } from './bench.config';
import { peakRssBytes } from './lib/proc.stats';
import { BenchProcess, startProcess, stopAll, waitUntilReady } from './lib/process.supervisor';

/*
 * `node -r ./tools/register.js bench/books-sync.ts [--books 100000]`: books-sync (the app, as a
 * process) reads a generated ONIX catalogue of N products from `dev-sources serve` as a stream,
 * first the delta from the beginning (every product), then the full-catalogue reconciliation;
 * prints the stream rate, books-sync's peak RSS (VmHWM), the COPY ceiling for the same rows and
 * one read endpoint of books-api under wrk. Places: the CMS fixture's (the gazetteer is asked for
 * every product either way). books-sync and books-api run built (the image's builder), as in
 * production; dev-sources from source. `--heap-mb N` caps books-sync's old space to show what the
 * stream needs. Writes bench/results/books-<timestamp>.json.
 */

const run = promisify(execFile);
const say = (line: string) => console.log(`  ${line}`);
const SERVER = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/waypost';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const PORTS = { devSources: 3990, sync: 3991, api: 3992 };
const READ_PATH = '/books?filter[place]=country-de&sort=-publishedAt&page[size]=20';
const DAY_MS = String(24 * 3600_000);

interface RunRow {
  stage: string;
  status: string;
  counts: Record<string, number>;
  seconds: number;
  error: string | null;
}

const BUILD_DIR = join(WORK_DIR, 'build-books');

const node = (name: string, entry: string, args: string[], env: Record<string, string>) =>
  startProcess(name, process.execPath, ['-r', './tools/register.js', entry, ...args], {
    cwd: ROOT,
    env,
  });
const builtApp = (name: string, entry: string, env: Record<string, string>) =>
  startProcess(name, process.execPath, [builtFile(BUILD_DIR, entry)], { cwd: ROOT, env });

/** Waits for `n` finished runs of the onix source; samples the worker's peak RSS meanwhile. */
async function waitForRuns(db: Pool, n: number, sync: BenchProcess): Promise<RunRow[]> {
  const deadline = Date.now() + 60 * 60_000;
  while (Date.now() < deadline) {
    const { rows } = await db.query<RunRow>(
      `select stage, status, counts, extract(epoch from finished_at - started_at)::float as seconds, error
       from books.sync_runs where source = 'onix' and finished_at is not null order by id`,
    );
    const failed = rows.find((r) => r.status !== 'succeeded');
    if (failed) throw new Error(`a books-sync run failed: ${failed.error}`);
    if (rows.length >= n) return rows;
    if (sync.pids().length === 0) throw new Error(`books-sync exited; see ${sync.logFile}`);
    await sleep(500);
  }
  throw new Error('books-sync did not finish within an hour');
}

async function copyCeiling(url: string, db: Pool): Promise<{ rows: number; seconds: number }> {
  const file = join(WORK_DIR, 'books.copy');
  const psql = (command: string) => run('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', command]);
  try {
    await psql(`\\copy books.books to '${file}'`);
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from books.books');
    await db.query('truncate books.books');
    const started = performance.now();
    await psql(`\\copy books.books from '${file}'`);
    return { rows: rows[0]!.n, seconds: (performance.now() - started) / 1000 };
  } finally {
    rmSync(file, { force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      books: { type: 'string', default: '100000' },
      // books-sync's old-space limit (NODE_OPTIONS), to find how little heap the stream needs.
      'heap-mb': { type: 'string' },
    },
  });
  const books = Number(values.books);
  const heap: Record<string, string> = values['heap-mb']
    ? { NODE_OPTIONS: `--max-old-space-size=${values['heap-mb']}` }
    : {};
  mkdirSync(WORK_DIR, { recursive: true });
  buildApps(BUILD_DIR, ['apps/books-sync/src', 'apps/books-api/src', 'libs']);
  const url = withDatabase(SERVER, 'waypost_bench_books');
  await dropDatabase(url);
  await migrateAll(url);
  await seedFixturePlaces(url);
  const db = new Pool({ connectionString: url, max: 2 });
  try {
    console.log(`▸ dev-sources serve --books ${books}, then books-sync from the beginning`);
    const devSources = await node(
      'dev-sources',
      'apps/dev-sources/src/main.ts',
      ['serve', '--books', String(books), '--mutate-every', '86400'],
      {
        DEV_SOURCES_PORT: String(PORTS.devSources),
      },
    );
    const origin = `http://127.0.0.1:${PORTS.devSources}`;
    await waitUntilReady(devSources, `${origin}/guides/wp-json/wp/v2/posts?per_page=1`, 120_000);
    const sync = await builtApp('books-sync', 'apps/books-sync/src/main.ts', {
      PORT: String(PORTS.sync),
      DATABASE_URL: url,
      REDIS_URL,
      SYNC_QUEUE_PREFIX: `bench-books-${Date.now()}`,
      BOOKS_ONIX_URL: `${origin}/onix`,
      BOOKS_ONIX_EVERY_MS: DAY_MS,
      BOOKS_ONIX_RECONCILE_EVERY_MS: DAY_MS,
      // The reconciliation reads the whole catalogue before it compares (see k8s/base/books-sync.yaml).
      SYNC_PAGE_TIMEOUT_MS: '1800000',
      LOG_LEVEL: 'warn',
      ...heap,
    });
    // The schedules fire once at start: the pull (every product), then the reconciliation.
    const runs = await waitForRuns(db, 2, sync);
    const rss = Math.max(...sync.pids().map((pid) => peakRssBytes(pid)));
    await sync.stop();
    const pull = runs.find((r) => r.stage !== 'reconciled') ?? runs[0]!;
    const reconcile = runs.find((r) => r.stage === 'reconciled') ?? runs[1]!;
    const read = Object.values(pull.counts).reduce((a, b) => a + b, 0);
    say(
      `stream sync: ${read} products in ${pull.seconds.toFixed(1)} s (${(read / pull.seconds).toFixed(0)}/s), counts ${JSON.stringify(pull.counts)}`,
    );
    say(
      `full-catalogue reconciliation: ${reconcile.seconds.toFixed(1)} s, counts ${JSON.stringify(reconcile.counts)}`,
    );
    say(`books-sync peak RSS: ${(rss / 2 ** 20).toFixed(0)} MB (aim < 250 MB)`);
    const copy = await copyCeiling(url, db);
    say(
      `COPY ceiling: ${copy.rows} rows in ${copy.seconds.toFixed(1)} s (${(copy.rows / copy.seconds).toFixed(0)}/s)`,
    );

    console.log(`▸ books-api: GET ${READ_PATH} under wrk (2 threads, 16 connections, 10 s)`);
    const api = await builtApp('books-api', 'apps/books-api/src/main.ts', {
      PORT: String(PORTS.api),
      DATABASE_URL: url,
      LOG_LEVEL: 'warn',
    });
    const target = `http://127.0.0.1:${PORTS.api}${READ_PATH}`;
    await waitUntilReady(api, `http://127.0.0.1:${PORTS.api}/health/ready`);
    const { stdout } = await run('wrk', [
      '-t2',
      '-c16',
      '-d10s',
      '--latency',
      '-H',
      'Accept: application/vnd.api+json',
      target,
    ]);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN);
    const p99 = /\s99%\s+([\d.]+\w+)/.exec(stdout)?.[1] ?? '?';
    const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? '0';
    say(`read: ${rps.toFixed(0)} req/s, p99 ${p99}, non-2xx ${non2xx}`);

    const results = {
      books,
      heapMb: values['heap-mb'] ?? null,
      pull,
      reconcile,
      productsPerSecond: read / pull.seconds,
      peakRssBytes: rss,
      copy: { ...copy, rowsPerSecond: copy.rows / copy.seconds },
      read: { path: READ_PATH, requestsPerSecond: rps, p99, non2xx: Number(non2xx) },
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `books-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    say(`written: ${file}`);
  } finally {
    await stopAll();
    await db.end();
    await dropDatabase(url).catch(() => undefined);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
