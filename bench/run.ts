import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { withDatabase } from '@waypost/shared/db';
import {
  API_NODE_FLAGS,
  BENCH_PUBLIC_BASE_URL,
  BENCH_USAGE,
  BenchConfig,
  RESULTS_DIR,
  ROOT,
  loadBenchConfig,
} from './bench.config';
import { buildApps } from './lib/apps.builder';
import { BenchResults, MachineInfo, checkTargets, formatReport } from './lib/bench.report';
import { stopAll } from './lib/process.supervisor';
import { runReadBench } from './lib/read.bench';
import { runSerializationBench } from './lib/serialization.bench';
import { runSyncBench } from './lib/sync.bench';
import { ensureTools } from './lib/tools.check';

/*
 * `npm run bench [-- --quick]`: Waypost side by side with its baselines, in one run on this
 * machine (docs/benchmarks.md). Prints the tables and writes bench/results/<timestamp>.json.
 */

const step = (message: string) => console.log(`\n▸ ${message}`);
const say = (message: string) => console.log(`  ${message}`);

class BenchSetupError extends Error {}

async function checkServices(config: BenchConfig): Promise<string> {
  const client = new Client({
    connectionString: withDatabase(config.databaseUrl, 'postgres'),
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string; postgis: number }>(
      `select current_setting('server_version') as version,
              (select count(*)::int from pg_available_extensions where name = 'postgis') as postgis`,
    );
    if (!rows[0]?.postgis)
      throw new BenchSetupError('PostGIS is not installed: run npm start once');
    return `PostgreSQL ${rows[0].version}`;
  } catch (error) {
    if (error instanceof BenchSetupError) throw error;
    throw new BenchSetupError(
      `PostgreSQL is not reachable at ${new URL(config.databaseUrl).host} (npm start sets it up): ${(error as Error).message}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    throw new BenchSetupError(`Redis is not reachable at ${url} (npm start sets it up)`);
  } finally {
    redis.disconnect();
  }
}

/** Deletes the run's Redis keys (sync queue, gateway keys cache and rate limits). */
async function removeRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'unknown commit';
  }
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return console.log(BENCH_USAGE);
  const config = loadBenchConfig(argv, process.env);
  const started = performance.now();
  const loadAtStart = loadavg();
  console.log(`Waypost bench (${config.mode}): ${config.pointsOfInterest} points of interest`);

  step('Checking PostgreSQL, Redis, wrk, nginx and psql');
  const postgres = await checkServices(config);
  await checkRedis(config.redisUrl);
  const tools = ensureTools(say);
  if (!tools.wrk) throw new BenchSetupError('wrk is required: apt-get install -y wrk');

  step('Building the apps (SWC, as a production image runs them)');
  const build = buildApps();
  say(`${build.files} files in ${build.seconds.toFixed(1)} s`);

  try {
    step('Sync: seed the CMS, first sync through places-sync, incremental sync, COPY ceiling');
    const sync = await runSyncBench(config, tools.psql, say);

    step('Read path: baseline, places-api, nginx and gateway side by side');
    const { plans, ...read } = await runReadBench(config, tools.nginx, say);

    step('Serialization of a 50-row page');
    const poiPlan = plans.find((p) => p.endpoint === 'poi-page')!;
    const serialization = await runSerializationBench(
      config.databaseUrl,
      BENCH_PUBLIC_BASE_URL,
      poiPlan,
      config.serializationPages,
    );

    const { startedAt, mode, ...settings } = config;
    const machine: MachineInfo = {
      cpus: cpus().length,
      loadAverage: { start: loadAtStart, end: loadavg() },
      node: process.version,
      postgres,
      commit: gitCommit(),
    };
    const results: BenchResults = {
      mode,
      startedAt: startedAt.toISOString(),
      seconds: (performance.now() - started) / 1000,
      machine,
      settings: { ...settings, apiNodeFlags: API_NODE_FLAGS },
      sync,
      read,
      serialization,
      targets: checkTargets(read, sync),
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\n${formatReport(results)}\n\nResults: ${file}`);
  } finally {
    await stopAll();
    await removeRedisKeys(config.redisUrl, config.redisPrefix);
  }
}

main(process.argv.slice(2)).catch(async (error: unknown) => {
  console.error(
    `\n✗ ${error instanceof BenchSetupError ? error.message : error instanceof Error ? error.stack : error}`,
  );
  await stopAll();
  process.exit(1);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopAll().finally(() => process.exit(130));
  });
}
