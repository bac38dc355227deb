import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { databaseName, dropDatabase, withDatabase } from '@waypost/shared/db';
import { RunResult, SyncQueue } from '@waypost/shared/sync';
import { migrateAll } from '../../tools/db/migrate';
import { BENCH_PORTS, BenchConfig, ROOT, WORK_DIR } from '../bench.config';
import { built } from './apps.builder';
import { cpuDelta, cpuSecondsOf, peakRssBytes } from './proc.stats';
import { BenchProcess, startNodeApp, waitUntilReady } from './process.supervisor';

const run = promisify(execFile);

const PLACES_SOURCE = 'cms-places';
const POI_SOURCE = 'cms-points-of-interest';
/** Longer than any run: the schedules fire once at start, the bench queues the rest itself. */
const SCHEDULE_EVERY_MS = String(24 * 3600_000);
const SYNC_TIMEOUT_MS = 30 * 60_000;

/** One measured sync run: rows read from the CMS (every outcome) per second of the run. */
export interface SyncRunFigures {
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly counts: Record<string, number>;
  /** CPU per row of places-sync and of PostgreSQL (all backends of both databases). */
  readonly syncCpuUsPerRow?: number;
  readonly postgresCpuUsPerRow?: number;
}

export interface SyncResults {
  readonly seedSeconds: number;
  readonly places: SyncRunFigures;
  readonly full: SyncRunFigures;
  readonly incremental: SyncRunFigures & { readonly changedRows: number };
  readonly copy?: SyncRunFigures;
  readonly placesSyncPeakRssBytes: number;
}

interface SyncRunRow {
  id: number;
  source: string;
  status: string;
  counts: Record<string, number>;
  seconds: number | null;
  error: string | null;
}

/** Recreates the CMS stand-in (dev-sources seed: real geography + N points of interest). */
async function seedCms(config: BenchConfig): Promise<number> {
  const started = performance.now();
  await run(
    process.execPath,
    [
      '-r',
      './tools/register.js',
      'apps/dev-sources/src/main.ts',
      'seed',
      '--pois',
      String(config.pointsOfInterest),
      '--force',
      '--database-url',
      config.cmsDatabaseUrl,
    ],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  return (performance.now() - started) / 1000;
}

/**
 * Seeds the CMS, recreates the bench database, runs places-sync until its first sync of both
 * sources is done, then measures an incremental sync of changed rows and the raw COPY ceiling.
 */
export async function runSyncBench(
  config: BenchConfig,
  psql: boolean,
  say: (line: string) => void,
): Promise<SyncResults> {
  say(
    `seeding ${databaseName(config.cmsDatabaseUrl)} with ${config.pointsOfInterest} points of interest`,
  );
  const seedSeconds = await seedCms(config);
  say(`seeded in ${seedSeconds.toFixed(1)} s; recreating ${databaseName(config.databaseUrl)}`);
  await dropDatabase(config.databaseUrl);
  await migrateAll(config.databaseUrl);

  const waypost = new Pool({ connectionString: config.databaseUrl, max: 2 });
  // On the maintenance database, so its own queries are not counted as the bench database's.
  const monitor = new Pool({
    connectionString: withDatabase(config.databaseUrl, 'postgres'),
    max: 1,
  });
  const queuePrefix = `${config.redisPrefix}:sync`;
  const sync = await startNodeApp('places-sync', built('apps/places-sync/src/main.ts'), {
    PORT: String(BENCH_PORTS.placesSync),
    DATABASE_URL: config.databaseUrl,
    CMS_DATABASE_URL: config.cmsDatabaseUrl,
    REDIS_URL: config.redisUrl,
    SYNC_QUEUE_PREFIX: queuePrefix,
    SYNC_SETTLE_MS: '0',
    SYNC_PLACES_EVERY_MS: SCHEDULE_EVERY_MS,
    SYNC_POINTS_OF_INTEREST_EVERY_MS: SCHEDULE_EVERY_MS,
    LOG_LEVEL: 'warn',
  });
  try {
    await waitUntilReady(sync, `http://127.0.0.1:${BENCH_PORTS.placesSync}/health/ready`);
    const backends = () => postgresBackends(monitor, [config.databaseUrl, config.cmsDatabaseUrl]);
    // The job schedulers queue a first run of each source as the worker starts: the first sync.
    const places = await awaitRun(waypost, PLACES_SOURCE, null, say);
    const full = await awaitRun(waypost, POI_SOURCE, { sync, backends }, say);

    const changedRows = await changeCms(config);
    say(`changed ${changedRows} points of interest in the CMS; incremental sync`);
    const incremental = await queuedRun(config, queuePrefix, waypost, { sync, backends });
    const copy = psql ? await copyCeiling(config, waypost, say) : undefined;
    return {
      seedSeconds,
      places,
      full,
      incremental: { ...incremental, changedRows },
      copy,
      placesSyncPeakRssBytes: peakRssBytes(sync.pid),
    };
  } finally {
    await sync.stop();
    await waypost.end();
    await monitor.end();
  }
}

/** PIDs of the PostgreSQL backends serving the given databases right now. */
export async function postgresBackends(monitor: Pool, urls: readonly string[]): Promise<number[]> {
  const { rows } = await monitor.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = any($1::text[])',
    [urls.map(databaseName)],
  );
  return rows.map((r) => r.pid);
}

async function latestRun(db: Pool, source: string): Promise<SyncRunRow | undefined> {
  const { rows } = await db.query<SyncRunRow>(
    `select id, source, status, counts, error,
            extract(epoch from finished_at - started_at)::float8 as seconds
     from places.sync_runs where source = $1 order by id desc limit 1`,
    [source],
  );
  return rows[0];
}

const totalRows = (counts: Record<string, number>) =>
  Object.values(counts).reduce((sum, n) => sum + n, 0);

function figures(row: SyncRunRow, cpu?: { sync: number; postgres: number }): SyncRunFigures {
  const rows = totalRows(row.counts);
  const seconds = row.seconds ?? 0;
  return {
    rows,
    seconds,
    rowsPerSecond: rows / seconds,
    counts: row.counts,
    syncCpuUsPerRow: cpu && rows ? (cpu.sync / rows) * 1e6 : undefined,
    postgresCpuUsPerRow: cpu && rows ? (cpu.postgres / rows) * 1e6 : undefined,
  };
}

interface CpuWatch {
  readonly sync: BenchProcess;
  readonly backends: () => Promise<number[]>;
}

/** Follows a source's scheduled run to its end, reading CPU while it runs when asked to. */
async function awaitRun(
  db: Pool,
  source: string,
  watch: CpuWatch | null,
  say: (line: string) => void,
): Promise<SyncRunFigures> {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  let syncBefore: Map<number, number> | undefined;
  let postgresBefore: Map<number, number> | undefined;
  const postgresLatest = new Map<number, number>();
  let lastSay = Date.now();
  while (Date.now() < deadline) {
    const row = await latestRun(db, source);
    if (row?.status === 'running' && watch && !syncBefore) {
      syncBefore = cpuSecondsOf(watch.sync.pids());
      postgresBefore = cpuSecondsOf(await watch.backends());
    }
    if (watch && postgresBefore) {
      // Backends come and go with the pool: keep each one's latest reading.
      for (const [pid, s] of cpuSecondsOf(await watch.backends())) postgresLatest.set(pid, s);
    }
    if (row && row.status !== 'running') {
      if (row.status !== 'succeeded')
        throw new Error(`the first sync of ${source} ${row.status}: ${row.error}`);
      const cpu =
        watch && syncBefore && postgresBefore
          ? {
              sync: cpuDelta(syncBefore, cpuSecondsOf(watch.sync.pids())),
              postgres: cpuDelta(postgresBefore, postgresLatest),
            }
          : undefined;
      const result = figures(row, cpu);
      say(
        `${source}: ${result.rows} rows in ${result.seconds.toFixed(1)} s (${result.rowsPerSecond.toFixed(0)} rows/s)`,
      );
      return result;
    }
    if (row && Date.now() - lastSay > 10_000) {
      say(`${source}: ${totalRows(row.counts)} rows so far`);
      lastSay = Date.now();
    }
    await sleep(250);
  }
  throw new Error(`the first sync of ${source} did not finish in ${SYNC_TIMEOUT_MS / 60_000} min`);
}

/** Renames `changedShare` of the CMS's live points of interest (a real edit: updated_at moves). */
async function changeCms(config: BenchConfig): Promise<number> {
  const cms = new Pool({ connectionString: config.cmsDatabaseUrl, max: 1 });
  try {
    const every = Math.round(1 / config.changedShare);
    const { rowCount } = await cms.query(
      `update points_of_interest set name = name || ' (renamed)', updated_at = now()
       where id % $1 = 0 and deleted_at is null`,
      [every],
    );
    return rowCount ?? 0;
  } finally {
    await cms.end();
  }
}

/** Queues a run of the points of interest on the bench's queue and measures it. */
async function queuedRun(
  config: BenchConfig,
  prefix: string,
  db: Pool,
  watch: CpuWatch,
): Promise<SyncRunFigures> {
  const queue = new SyncQueue({
    dataset: 'places',
    connection: { url: config.redisUrl },
    prefix,
  });
  const events = queue.events();
  try {
    await events.waitUntilReady();
    const syncBefore = cpuSecondsOf(watch.sync.pids());
    const postgresBefore = cpuSecondsOf(await watch.backends());
    const job = await queue.enqueue(POI_SOURCE);
    const result = (await job.waitUntilFinished(events)) as RunResult;
    const postgresAfter = cpuSecondsOf(await watch.backends());
    if (result.status !== 'succeeded') throw new Error(`incremental sync ${result.reason}`);
    const row = await latestRun(db, POI_SOURCE);
    return figures(row!, {
      sync: cpuDelta(syncBefore, cpuSecondsOf(watch.sync.pids())),
      postgres: cpuDelta(postgresBefore, postgresAfter),
    });
  } finally {
    await events.close();
    await queue.close();
  }
}

/**
 * The ceiling: the same rows COPY'd into the same (emptied) table with the same indexes, by psql.
 * The table ends as the sync left it.
 */
async function copyCeiling(
  config: BenchConfig,
  db: Pool,
  say: (line: string) => void,
): Promise<SyncRunFigures> {
  const file = join(WORK_DIR, 'points-of-interest.copy');
  const psql = (command: string) =>
    run('psql', [config.databaseUrl, '-v', 'ON_ERROR_STOP=1', '-qc', command], {
      maxBuffer: 1024 * 1024,
    });
  try {
    await psql(`\\copy places.points_of_interest to '${file}'`);
    const { rows } = await db.query<{ n: number }>(
      'select count(*)::int as n from places.points_of_interest',
    );
    await db.query('truncate places.points_of_interest');
    const started = performance.now();
    await psql(`\\copy places.points_of_interest from '${file}'`);
    const seconds = (performance.now() - started) / 1000;
    await db.query('vacuum analyze places.points_of_interest');
    const n = rows[0]!.n;
    say(`COPY ceiling: ${n} rows in ${seconds.toFixed(1)} s (${(n / seconds).toFixed(0)} rows/s)`);
    return { rows: n, seconds, rowsPerSecond: n / seconds, counts: { copied: n } };
  } finally {
    rmSync(file, { force: true });
  }
}
