import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs, promisify } from 'node:util';
import { Pool } from 'pg';
import { dropDatabase, withDatabase } from '@waypost/shared/db';
import { migrateAll } from '../tools/db/migrate';
import { RESULTS_DIR, ROOT, WORK_DIR } from './bench.config';
import { BenchProcess, startProcess, stopAll, waitUntilReady } from './lib/process.supervisor';

/*
 * `node -r ./tools/register.js bench/tours-sync.ts [--viator 3000] [--gadventures 400]`:
 * tours-sync (the app, as a process) pulls the generated Viator feed and G Adventures dossiers of
 * `dev-sources serve` into a database holding the bench's places (copied from `waypost_bench`:
 * run `npm run bench` once first); prints each source's rate beside the COPY ceiling for the same
 * rows (both partners are bound by their request budgets: Viator 150 per 10 s at 500 products a
 * page, G Adventures 50 a second at two requests a dossier), how many Viator destinations map to
 * no place, then one read endpoint, tours visiting a country by price, under wrk. Writes
 * bench/results/tours-<timestamp>.json.
 */

const run = promisify(execFile);
const say = (line: string) => console.log(`  ${line}`);
const SERVER = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/waypost';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const PLACES_FROM = 'waypost_bench';
const PORTS = { devSources: 3983, sync: 3984, api: 3985 };
const COUNTRY = 'country-de';
const READ_PATH = `/tours?filter[place]=${COUNTRY}&sort=price&page[size]=20`;
const DAY_MS = String(24 * 3600_000);
const SOURCES = ['viator', 'gadventures'] as const;

interface RunRow {
  source: string;
  status: string;
  counts: Record<string, number>;
  seconds: number;
  error: string | null;
}

const node = (name: string, entry: string, args: string[], env: Record<string, string>) =>
  startProcess(name, process.execPath, ['-r', './tools/register.js', entry, ...args], {
    cwd: ROOT,
    env,
  });

/** Waits for the first finished run of every source. */
async function waitForRuns(db: Pool, sync: BenchProcess): Promise<RunRow[]> {
  const deadline = Date.now() + 60 * 60_000;
  while (Date.now() < deadline) {
    const { rows } = await db.query<RunRow>(
      `select distinct on (source) source, status, counts, error,
         extract(epoch from finished_at - started_at)::float as seconds
       from tours.sync_runs where finished_at is not null order by source, id`,
    );
    if (SOURCES.every((s) => rows.some((r) => r.source === s))) return rows;
    if (sync.pids().length === 0) throw new Error(`tours-sync exited; see ${sync.logFile}`);
    await sleep(500);
  }
  throw new Error('tours-sync did not finish within an hour');
}

async function copyCeiling(url: string, db: Pool): Promise<{ rows: number; seconds: number }> {
  const file = join(WORK_DIR, 'tours.copy');
  const psql = (command: string) => run('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', command]);
  try {
    await psql(`\\copy tours.tours to '${file}'`);
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from tours.tours');
    await db.query('truncate tours.tours');
    // The roll-up's triggers fire for COPY too: the ceiling includes the place index.
    const started = performance.now();
    await psql(`\\copy tours.tours from '${file}'`);
    return { rows: rows[0]!.n, seconds: (performance.now() - started) / 1000 };
  } finally {
    rmSync(file, { force: true });
  }
}

async function wrk(target: string): Promise<{ rps: number; p99: string; non2xx: number }> {
  const { stdout } = await run('wrk', [
    '-t2',
    '-c16',
    '-d10s',
    '--latency',
    '-H',
    'Accept: application/vnd.api+json',
    target,
  ]);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN),
    p99: /\s99%\s+([\d.]+\w+)/.exec(stdout)?.[1] ?? '?',
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? '0'),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      viator: { type: 'string', default: '3000' },
      gadventures: { type: 'string', default: '400' },
    },
  });
  mkdirSync(WORK_DIR, { recursive: true });
  const url = withDatabase(SERVER, 'waypost_bench_tours');
  await dropDatabase(url);
  await migrateAll(url);
  console.log(`▸ places from ${PLACES_FROM} (npm run bench makes it)`);
  await run('bash', [
    '-o',
    'pipefail',
    '-c',
    `pg_dump --data-only --disable-triggers -t places.places -t places.place_boundary_parts '${withDatabase(SERVER, PLACES_FROM)}' | psql -q -v ON_ERROR_STOP=1 '${url}'`,
  ]);
  const db = new Pool({ connectionString: url, max: 2 });
  try {
    console.log(
      `▸ dev-sources serve --viator-products ${values.viator} --gadventures-dossiers ${values.gadventures}, then tours-sync`,
    );
    const devSources = await node(
      'dev-sources',
      'apps/dev-sources/src/main.ts',
      [
        'serve',
        '--viator-products',
        values.viator!,
        '--gadventures-dossiers',
        values.gadventures!,
        '--mutate-every',
        '86400',
      ],
      { DEV_SOURCES_PORT: String(PORTS.devSources) },
    );
    const origin = `http://127.0.0.1:${PORTS.devSources}`;
    await waitUntilReady(devSources, `${origin}/guides/wp-json/wp/v2/posts?per_page=1`, 120_000);
    const sync = await node('tours-sync', 'apps/tours-sync/src/main.ts', [], {
      PORT: String(PORTS.sync),
      DATABASE_URL: url,
      REDIS_URL,
      SYNC_QUEUE_PREFIX: `bench-tours-${Date.now()}`,
      TOURS_VIATOR_URL: `${origin}/viator`,
      TOURS_VIATOR_EVERY_MS: DAY_MS,
      TOURS_GADVENTURES_URL: `${origin}/gadventures`,
      TOURS_GADVENTURES_EVERY_MS: DAY_MS,
      TOURS_GADVENTURES_RECONCILE_EVERY_MS: DAY_MS,
      LOG_LEVEL: 'warn',
    });
    const runs = await waitForRuns(db, sync);
    await sync.stop();
    const failed = runs.find((r) => r.status !== 'succeeded');
    if (failed) throw new Error(`the ${failed.source} run failed: ${failed.error}`);
    const rates: Record<string, number> = {};
    for (const r of runs) {
      const records = Object.values(r.counts).reduce((a, b) => a + b, 0);
      rates[r.source] = records / r.seconds;
      say(
        `${r.source}: ${records} records in ${r.seconds.toFixed(1)} s (${rates[r.source]!.toFixed(0)}/s), counts ${JSON.stringify(r.counts)}`,
      );
    }
    const { rows: destinations } = await db.query<{ n: number; unmapped: number }>(
      `select count(*)::int as n, count(*) filter (where place_id is null)::int as unmapped
       from tours.viator_destinations`,
    );
    const { rows: unplaced } = await db.query<{ n: number }>(
      `select count(*)::int as n from tours.tours where cardinality(direct_place_ids) = 0`,
    );
    say(
      `viator destinations: ${destinations[0]!.n}, ${destinations[0]!.unmapped} mapping to no place; tours indexed nowhere: ${unplaced[0]!.n}`,
    );
    const copy = await copyCeiling(url, db);
    const copyRate = copy.rows / copy.seconds;
    say(
      `COPY ceiling: ${copy.rows} rows in ${copy.seconds.toFixed(2)} s (${copyRate.toFixed(0)}/s); viator at ${((rates['viator']! / copyRate) * 100).toFixed(1)}%, gadventures at ${((rates['gadventures']! / copyRate) * 100).toFixed(1)}% of it (both bound by the partners' request budgets)`,
    );

    console.log(`▸ GET ${READ_PATH} under wrk (2 threads, 16 connections, 10 s)`);
    const { rows: inCountry } = await db.query<{ n: number }>(
      'select count(*)::int as n from tours.tours_by_place where place_id = $1',
      [COUNTRY],
    );
    say(`${inCountry[0]!.n} tours visiting ${COUNTRY}`);
    const api = await node('tours-api', 'apps/tours-api/src/main.ts', [], {
      PORT: String(PORTS.api),
      DATABASE_URL: url,
      LOG_LEVEL: 'warn',
    });
    await waitUntilReady(api, `http://127.0.0.1:${PORTS.api}/health/ready`);
    const read = await wrk(`http://127.0.0.1:${PORTS.api}${READ_PATH}`);
    say(
      `tours-api (page + capped total): ${read.rps.toFixed(0)} req/s, p99 ${read.p99}, non-2xx ${read.non2xx}`,
    );

    const results = {
      viatorProducts: Number(values.viator),
      gadventuresDossiers: Number(values.gadventures),
      runs: runs.map((r) => ({ ...r, recordsPerSecond: rates[r.source] })),
      viatorDestinations: destinations[0],
      toursIndexedNowhere: unplaced[0]!.n,
      copy: { ...copy, rowsPerSecond: copyRate },
      read: { path: READ_PATH, toursInCountry: inCountry[0]!.n, api: read },
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `tours-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
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
