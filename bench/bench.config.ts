import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, Env, envUrl } from '@waypost/shared/config';
import { withDatabase } from '@waypost/shared/db';

export const ROOT = join(__dirname, '..');
/** Work files of a run (build, logs, nginx and gateway configs); git-ignored. */
export const WORK_DIR = join(ROOT, 'tmp', 'bench');
export const RESULTS_DIR = join(ROOT, 'bench', 'results');

export type BenchMode = 'full' | 'quick';

/** Ports of the contenders and the sync worker: clear of `npm start`'s 3xxx. */
export const BENCH_PORTS = {
  gateway: 4000,
  baseline: 4100,
  placesApi: 4101,
  nginx: 4180,
  placesSync: 4201,
} as const;

/** Where the contenders' documents say they are: the gateway's /v1, as in a deployment. */
export const BENCH_PUBLIC_BASE_URL = `http://127.0.0.1:${BENCH_PORTS.gateway}/v1`;

/**
 * V8 heap limits the HTTP apps run with, as a memory-limited container would set them: the live
 * heap of places-api under load is ~22 MB, but with V8's defaults (16 MB semi-spaces, an old
 * generation that grows before it is collected) its RSS peaks near 190 MB.
 */
export const API_NODE_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=64'] as const;

export interface BenchConfig {
  readonly mode: BenchMode;
  readonly pointsOfInterest: number;
  /** The CMS stand-in the sync reads (seeded by dev-sources). */
  readonly cmsDatabaseUrl: string;
  /** Waypost's own database for the run: recreated, never the dev `waypost` database. */
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Prefix of every Redis key of the run (sync queue, gateway keys and rate limits). */
  readonly redisPrefix: string;
  /** Share of the points of interest changed in the CMS for the incremental sync. */
  readonly changedShare: number;
  readonly warmupSeconds: number;
  /** Length of a maximum-throughput run (as many requests as the connections can make). */
  readonly maxSeconds: number;
  /** Length of a fixed-load run (latency at the same rate for every contender). */
  readonly fixedSeconds: number;
  /** Connections of a maximum-throughput run. */
  readonly connections: number;
  /** The fixed load, as a share of the slowest contender's maximum on that endpoint. */
  readonly fixedLoadShare: number;
  /** 50-row pages serialized per measurement of the serialization micro-benchmark. */
  readonly serializationPages: number;
  readonly startedAt: Date;
}

export const BENCH_USAGE = `Usage: npm run bench [-- --quick]

  --quick   small data (20,000 points of interest) and 1 s runs: proves the harness works
            (CI), says nothing about speed.

Reads DATABASE_URL and REDIS_URL (the server and Redis to use; the run creates its own
databases waypost_bench and cms_bench, or waypost_bench_quick and cms_bench_quick).`;

/** The run's settings from the command line and the environment (read once, here). */
export function loadBenchConfig(argv: readonly string[], env: Env): BenchConfig {
  const { values } = parseArgs({
    args: [...argv],
    options: { quick: { type: 'boolean', default: false } },
  });
  const quick = values.quick ?? false;
  const server = envUrl(env, 'DATABASE_URL', DEFAULT_DATABASE_URL, ['postgres:', 'postgresql:']);
  const suffix = quick ? '_quick' : '';
  const startedAt = new Date();
  return {
    mode: quick ? 'quick' : 'full',
    pointsOfInterest: quick ? 20_000 : 1_000_000,
    cmsDatabaseUrl: withDatabase(server, `cms_bench${suffix}`),
    databaseUrl: withDatabase(server, `waypost_bench${suffix}`),
    redisUrl: envUrl(env, 'REDIS_URL', DEFAULT_REDIS_URL, ['redis:', 'rediss:']),
    redisPrefix: `waypost-bench:${startedAt.getTime()}`,
    changedShare: 0.01,
    warmupSeconds: quick ? 1 : 2,
    maxSeconds: quick ? 1 : 8,
    fixedSeconds: quick ? 1 : 8,
    connections: 16,
    fixedLoadShare: 0.5,
    serializationPages: quick ? 200 : 2_000,
    startedAt,
  };
}
