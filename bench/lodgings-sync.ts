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
 * `node -r ./tools/register.js bench/lodgings-sync.ts [--properties 30000]`: lodgings-sync (the
 * app, as a process) pulls the generated partner of `dev-sources serve` (1,000 cities, N
 * properties) city by city into a database holding the bench's places (copied from
 * `waypost_bench`: run `npm run bench` once first); prints the sync's rate beside the COPY ceiling
 * for the same rows (the sync is bound by the partner's budget of 20 requests a second: it is
 * printed too), then one read endpoint, lodgings in a city by price, under wrk beside its baseline
 * (plain node:http + pg, the same roll-up SQL). Writes bench/results/lodgings-<timestamp>.json.
 */

const run = promisify(execFile);
const say = (line: string) => console.log(`  ${line}`);
const SERVER = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/waypost';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const PLACES_FROM = 'waypost_bench';
const PORTS = { devSources: 3993, sync: 3994, api: 3995, baseline: 3996 };
const CITY = 'city-2950159';
const READ_PATH = `/lodgings?filter[place]=${CITY}&sort=price&page[size]=20`;
const DAY_MS = String(24 * 3600_000);

interface RunRow {
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

/** Waits for the first finished run of the partner source. */
async function waitForRun(db: Pool, sync: BenchProcess): Promise<RunRow> {
  const deadline = Date.now() + 60 * 60_000;
  while (Date.now() < deadline) {
    const { rows } = await db.query<RunRow>(
      `select status, counts, extract(epoch from finished_at - started_at)::float as seconds, error
       from lodgings.sync_runs where source = 'partner' and finished_at is not null order by id`,
    );
    if (rows[0]) return rows[0];
    if (sync.pids().length === 0) throw new Error(`lodgings-sync exited; see ${sync.logFile}`);
    await sleep(500);
  }
  throw new Error('lodgings-sync did not finish within an hour');
}

async function copyCeiling(url: string, db: Pool): Promise<{ rows: number; seconds: number }> {
  const file = join(WORK_DIR, 'lodgings.copy');
  const columns = `(id, source, source_id, partition, name, type, address, district, latitude, longitude, rating, rating_count, price, currency, facilities, images, direct_place_ids, place_ids, content_hash, synced_at)`;
  const psql = (command: string) => run('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', command]);
  try {
    await psql(`\\copy lodgings.lodgings ${columns} to '${file}'`);
    const { rows } = await db.query<{ n: number }>(
      'select count(*)::int as n from lodgings.lodgings',
    );
    await db.query('truncate lodgings.lodgings');
    // The roll-up's triggers fire for COPY too: the ceiling includes the place index.
    const started = performance.now();
    await psql(`\\copy lodgings.lodgings ${columns} from '${file}'`);
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
    options: { properties: { type: 'string', default: '30000' } },
  });
  const properties = Number(values.properties);
  mkdirSync(WORK_DIR, { recursive: true });
  const url = withDatabase(SERVER, 'waypost_bench_lodgings');
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
    console.log(`▸ dev-sources serve --lodging-properties ${properties}, then lodgings-sync`);
    const devSources = await node(
      'dev-sources',
      'apps/dev-sources/src/main.ts',
      ['serve', '--lodging-properties', String(properties), '--mutate-every', '86400'],
      { DEV_SOURCES_PORT: String(PORTS.devSources) },
    );
    const origin = `http://127.0.0.1:${PORTS.devSources}`;
    await waitUntilReady(devSources, `${origin}/guides/wp-json/wp/v2/posts?per_page=1`, 120_000);
    const sync = await node('lodgings-sync', 'apps/lodgings-sync/src/main.ts', [], {
      PORT: String(PORTS.sync),
      DATABASE_URL: url,
      REDIS_URL,
      SYNC_QUEUE_PREFIX: `bench-lodgings-${Date.now()}`,
      LODGINGS_PARTNER_URL: `${origin}/lodging-partner`,
      LODGINGS_PARTNER_EVERY_MS: DAY_MS,
      LOG_LEVEL: 'warn',
    });
    const first = await waitForRun(db, sync);
    await sync.stop();
    if (first.status !== 'succeeded')
      throw new Error(`the lodgings-sync run failed: ${first.error}`);
    const { rows: requests } = await db.query<{ cities: number; unmatched: number }>(
      `select count(*)::int as cities, count(*) filter (where place_id is null)::int as unmatched
       from lodgings.partner_cities`,
    );
    const records = Object.values(first.counts).reduce((a, b) => a + b, 0);
    say(
      `sync: ${records} properties of ${requests[0]!.cities} cities (${requests[0]!.unmatched} matching no place) in ${first.seconds.toFixed(1)} s (${(records / first.seconds).toFixed(0)}/s), counts ${JSON.stringify(first.counts)}`,
    );
    const copy = await copyCeiling(url, db);
    say(
      `COPY ceiling: ${copy.rows} rows in ${copy.seconds.toFixed(1)} s (${(copy.rows / copy.seconds).toFixed(0)}/s); the sync runs at ${((records / first.seconds / (copy.rows / copy.seconds)) * 100).toFixed(1)}% of it, bound by the partner's 20 requests/s`,
    );

    console.log(`▸ GET ${READ_PATH} under wrk (2 threads, 16 connections, 10 s)`);
    const { rows: inCity } = await db.query<{ n: number }>(
      'select count(*)::int as n from lodgings.lodgings_by_place where place_id = $1',
      [CITY],
    );
    say(`${inCity[0]!.n} lodgings in ${CITY}`);
    const api = await node('lodgings-api', 'apps/lodgings-api/src/main.ts', [], {
      PORT: String(PORTS.api),
      DATABASE_URL: url,
      LOG_LEVEL: 'warn',
    });
    const baseline = await node('lodgings-baseline', 'bench/lib/lodgings-baseline.server.ts', [], {
      PORT: String(PORTS.baseline),
      DATABASE_URL: url,
    });
    await waitUntilReady(api, `http://127.0.0.1:${PORTS.api}/health/ready`);
    await waitUntilReady(baseline, `http://127.0.0.1:${PORTS.baseline}${READ_PATH}`);
    const base = await wrk(`http://127.0.0.1:${PORTS.baseline}${READ_PATH}`);
    say(`baseline (node:http + pg, page only): ${base.rps.toFixed(0)} req/s, p99 ${base.p99}`);
    const read = await wrk(`http://127.0.0.1:${PORTS.api}${READ_PATH}`);
    say(
      `lodgings-api (page + capped total): ${read.rps.toFixed(0)} req/s, p99 ${read.p99}, non-2xx ${read.non2xx} (${((read.rps / base.rps) * 100).toFixed(0)}% of the baseline)`,
    );

    const results = {
      properties,
      sync: { ...first, recordsPerSecond: records / first.seconds },
      copy: { ...copy, rowsPerSecond: copy.rows / copy.seconds },
      read: { path: READ_PATH, lodgingsInCity: inCity[0]!.n, api: read, baseline: base },
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(
      RESULTS_DIR,
      `lodgings-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
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
