import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { parse, stringify } from 'yaml';
import { ApiKeyRepository, GatewayDatabase } from '@waypost/gateway/keys';
import { createDatabase, withDatabase } from '@waypost/shared/db';
import {
  API_NODE_FLAGS,
  BENCH_PORTS,
  BENCH_PUBLIC_BASE_URL,
  BenchConfig,
  ROOT,
  WORK_DIR,
} from '../bench.config';
import { built } from './apps.builder';
import { startNginx } from './nginx.proxy';
import { cpuDelta, cpuSecondsOf, peakRssBytes } from './proc.stats';
import { BenchProcess, startNodeApp, waitUntilReady } from './process.supervisor';
import { ReadPlan, captureReadPlans } from './read-plan.capture';
import { READ_ENDPOINTS, ReadEndpoint } from './read.endpoints';
import { postgresBackends } from './sync.bench';
import { runWrk } from './wrk.runner';

export type ContenderName = 'baseline' | 'places-api' | 'nginx' | 'gateway';

/** One way of answering the bench's requests, and the processes whose CPU it costs. */
interface Contender {
  readonly name: ContenderName;
  readonly label: string;
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly processes: readonly BenchProcess[];
}

/** Maximum throughput: each connection sends its next request as soon as the answer is in. */
export interface MaxFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU time per request of each process serving the contender (e.g. gateway, places-api). */
  readonly appCpuUsPerRequest: Readonly<Record<string, number>>;
  readonly postgresCpuUsPerRequest: number;
  readonly loadGeneratorCores: number;
}

/** Latency at the same offered load for every contender of an endpoint. */
export interface FixedFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
}

export interface EndpointResults {
  readonly endpoint: ReadEndpoint['name'];
  readonly title: string;
  readonly path: string;
  readonly responseBytes: number;
  /** The offered fixed load: `fixedLoadShare` of the slowest contender's maximum. */
  readonly fixedLoadRequestsPerSecond: number;
  readonly contenders: Partial<Record<ContenderName, { max: MaxFigures; fixed: FixedFigures }>>;
}

export interface ReadResults {
  readonly endpoints: readonly EndpointResults[];
  /** Peak RSS (VmHWM) of each app over the whole read phase. */
  readonly peakRssBytes: Readonly<Record<string, number>>;
  readonly skipped: readonly string[];
  readonly plans: readonly ReadPlan[];
}

/** The gateway's routes for the bench: config/gateway.routes.yaml aimed at the bench's places-api. */
function writeGatewayRoutes(): string {
  const routes = parse(readFileSync(join(ROOT, 'config', 'gateway.routes.yaml'), 'utf8'));
  routes.upstreams['places-api'].url = `http://127.0.0.1:${BENCH_PORTS.placesApi}`;
  // Rate limiting stays on (a Redis call per reserved batch of the window); the limit is out of reach.
  routes.plans['first-party'].requestsPerWindow = 10_000_000;
  const file = join(WORK_DIR, 'gateway.routes.yaml');
  writeFileSync(file, stringify(routes));
  return file;
}

async function createBenchKey(databaseUrl: string): Promise<string> {
  const db = createDatabase<GatewayDatabase>({ url: databaseUrl, maxConnections: 1 });
  try {
    const { key } = await new ApiKeyRepository(db).create({ name: 'bench', plan: 'first-party' });
    return key;
  } finally {
    await db.destroy();
  }
}

async function startContenders(
  config: BenchConfig,
  nginxAvailable: boolean,
  plansFile: string,
): Promise<{ contenders: Contender[]; apps: Record<string, BenchProcess>; skipped: string[] }> {
  const local = (port: number) => `http://127.0.0.1:${port}`;
  const placesApi = await startNodeApp(
    'places-api',
    built('apps/places-api/src/main.ts'),
    {
      PORT: String(BENCH_PORTS.placesApi),
      DATABASE_URL: config.databaseUrl,
      PUBLIC_BASE_URL: BENCH_PUBLIC_BASE_URL,
    },
    API_NODE_FLAGS,
  );
  const baseline = await startNodeApp(
    'baseline',
    built('bench/lib/baseline.server.ts'),
    {
      PORT: String(BENCH_PORTS.baseline),
      DATABASE_URL: config.databaseUrl,
      PUBLIC_BASE_URL: BENCH_PUBLIC_BASE_URL,
      READ_PLANS_FILE: plansFile,
    },
    API_NODE_FLAGS,
  );
  const gateway = await startNodeApp(
    'gateway',
    built('apps/gateway/src/main.ts'),
    {
      PORT: String(BENCH_PORTS.gateway),
      DATABASE_URL: config.databaseUrl,
      REDIS_URL: config.redisUrl,
      GATEWAY_ROUTES_FILE: writeGatewayRoutes(),
      GATEWAY_REDIS_PREFIX: `${config.redisPrefix}:gateway`,
    },
    API_NODE_FLAGS,
  );
  await waitUntilReady(placesApi, `${local(BENCH_PORTS.placesApi)}/health/ready`);
  await waitUntilReady(baseline, `${local(BENCH_PORTS.baseline)}/health/ready`);
  await waitUntilReady(gateway, `${local(BENCH_PORTS.gateway)}/health/ready`);
  const key = await createBenchKey(config.databaseUrl);
  const apps: Record<string, BenchProcess> = { baseline, 'places-api': placesApi, gateway };
  const contenders: Contender[] = [
    {
      name: 'baseline',
      label: 'minimal baseline (node:http + pg)',
      baseUrl: local(BENCH_PORTS.baseline),
      headers: {},
      processes: [baseline],
    },
    {
      name: 'places-api',
      label: 'places-api, direct',
      baseUrl: local(BENCH_PORTS.placesApi),
      headers: {},
      processes: [placesApi],
    },
  ];
  const skipped: string[] = [];
  if (nginxAvailable) {
    const nginx = await startNginx(BENCH_PORTS.nginx, BENCH_PORTS.placesApi);
    apps['nginx'] = nginx;
    contenders.push({
      name: 'nginx',
      label: 'places-api behind nginx',
      baseUrl: local(BENCH_PORTS.nginx),
      headers: {},
      processes: [nginx, placesApi],
    });
  } else {
    skipped.push('nginx (not installed): the reverse-proxy anchor is left out');
  }
  contenders.push({
    name: 'gateway',
    label: 'places-api behind the gateway (key + rate limit)',
    baseUrl: `${local(BENCH_PORTS.gateway)}/v1`,
    headers: { authorization: `Bearer ${key}` },
    processes: [gateway, placesApi],
  });
  return { contenders, apps, skipped };
}

/** Every contender must answer every endpoint 200 with exactly places-api's bytes. */
async function checkSameAnswers(contenders: readonly Contender[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const endpoint of READ_ENDPOINTS) {
    const bodies = new Map<ContenderName, string>();
    for (const contender of contenders) {
      const res = await fetch(`${contender.baseUrl}${endpoint.path}`, {
        headers: contender.headers,
      });
      const body = await res.text();
      if (res.status !== 200)
        throw new Error(`${contender.name} answered ${endpoint.path} with ${res.status}: ${body}`);
      bodies.set(contender.name, body);
    }
    const expected = bodies.get('places-api')!;
    for (const [name, body] of bodies) {
      if (body === expected) continue;
      let at = 0;
      while (body[at] === expected[at]) at++;
      throw new Error(
        `${name} answers ${endpoint.path} differently from places-api at byte ${at}:\n` +
          `  ${name}: …${body.slice(Math.max(0, at - 80), at + 80)}\n` +
          `  places-api: …${expected.slice(Math.max(0, at - 80), at + 80)}`,
      );
    }
    sizes.set(endpoint.name, Buffer.byteLength(expected));
  }
  return sizes;
}

const ms = (us: number) => us / 1000;

async function measureMax(
  contender: Contender,
  endpoint: ReadEndpoint,
  config: BenchConfig,
  backends: () => Promise<number[]>,
): Promise<MaxFigures> {
  const url = `${contender.baseUrl}${endpoint.path}`;
  const run = { url, headers: contender.headers, connections: config.connections };
  await runWrk({ ...run, seconds: config.warmupSeconds });
  const appBefore = contender.processes.map((p) => cpuSecondsOf(p.pids()));
  const postgresBefore = cpuSecondsOf(await backends());
  const wrk = await runWrk({ ...run, seconds: config.maxSeconds });
  const postgresAfter = cpuSecondsOf(await backends());
  if (wrk.errors > 0)
    throw new Error(`${contender.name} failed ${wrk.errors} of ${wrk.requests} requests to ${url}`);
  const perRequest = (seconds: number) => (seconds / wrk.requests) * 1e6;
  return {
    requestsPerSecond: wrk.requestsPerSecond,
    p50Ms: ms(wrk.latencyUs.p50),
    p99Ms: ms(wrk.latencyUs.p99),
    appCpuUsPerRequest: Object.fromEntries(
      contender.processes.map((p, i) => [
        p.name,
        perRequest(cpuDelta(appBefore[i]!, cpuSecondsOf(p.pids()))),
      ]),
    ),
    postgresCpuUsPerRequest: perRequest(cpuDelta(postgresBefore, postgresAfter)),
    loadGeneratorCores: wrk.loadGeneratorCores,
  };
}

async function measureFixed(
  contender: Contender,
  endpoint: ReadEndpoint,
  config: BenchConfig,
  requestsPerSecond: number,
): Promise<FixedFigures> {
  // About one request per connection every 20 ms: few connections, each mostly idle.
  const connections = Math.min(16, Math.max(2, Math.ceil(requestsPerSecond / 50)));
  const wrk = await runWrk({
    url: `${contender.baseUrl}${endpoint.path}`,
    headers: contender.headers,
    connections,
    seconds: config.fixedSeconds,
    delayMs: Math.round((1000 * connections) / requestsPerSecond),
  });
  if (wrk.errors > 0) throw new Error(`${contender.name} failed ${wrk.errors} requests`);
  return {
    requestsPerSecond: wrk.requestsPerSecond,
    p50Ms: ms(wrk.latencyUs.p50),
    p90Ms: ms(wrk.latencyUs.p90),
    p99Ms: ms(wrk.latencyUs.p99),
  };
}

/**
 * Starts the contenders on the synced data, checks they answer the same bytes, then per endpoint
 * measures each one's maximum throughput and its latency at a common fixed load. The order of
 * contenders alternates between endpoints, so a drift in the machine's load does not always
 * favour the same one.
 */
export async function runReadBench(
  config: BenchConfig,
  nginxAvailable: boolean,
  say: (line: string) => void,
): Promise<ReadResults> {
  const plans = await captureReadPlans(config.databaseUrl, BENCH_PUBLIC_BASE_URL);
  const plansFile = join(WORK_DIR, 'read-plans.json');
  writeFileSync(plansFile, JSON.stringify(plans, null, 2));
  const { contenders, apps, skipped } = await startContenders(config, nginxAvailable, plansFile);
  skipped.forEach(say);
  const sizes = await checkSameAnswers(contenders);
  say(`${contenders.length} contenders answer the ${READ_ENDPOINTS.length} endpoints identically`);
  const monitor = new Pool({
    connectionString: withDatabase(config.databaseUrl, 'postgres'),
    max: 1,
  });
  try {
    const backends = () => postgresBackends(monitor, [config.databaseUrl]);
    const endpoints: EndpointResults[] = [];
    for (const [i, endpoint] of READ_ENDPOINTS.entries()) {
      const order = i % 2 === 0 ? contenders : [...contenders].reverse();
      const max = new Map<ContenderName, MaxFigures>();
      for (const contender of order) {
        const figures = await measureMax(contender, endpoint, config, backends);
        max.set(contender.name, figures);
        say(`${endpoint.name} ${contender.name}: ${figures.requestsPerSecond.toFixed(0)} req/s`);
      }
      const fixedLoad =
        config.fixedLoadShare * Math.min(...[...max.values()].map((m) => m.requestsPerSecond));
      const results: EndpointResults['contenders'] = {};
      for (const contender of order) {
        const fixed = await measureFixed(contender, endpoint, config, fixedLoad);
        results[contender.name] = { max: max.get(contender.name)!, fixed };
        say(
          `${endpoint.name} ${contender.name} at ${fixed.requestsPerSecond.toFixed(0)} req/s: p50 ${fixed.p50Ms.toFixed(2)} ms, p99 ${fixed.p99Ms.toFixed(2)} ms`,
        );
      }
      endpoints.push({
        endpoint: endpoint.name,
        title: endpoint.title,
        path: endpoint.path,
        responseBytes: sizes.get(endpoint.name)!,
        fixedLoadRequestsPerSecond: fixedLoad,
        contenders: results,
      });
    }
    const peakRss = Object.fromEntries(
      Object.entries(apps).map(([name, app]) => [
        name,
        app.pids().reduce((sum, pid) => sum + peakRssBytes(pid), 0),
      ]),
    );
    return { endpoints, peakRssBytes: peakRss, skipped, plans };
  } finally {
    await monitor.end();
    for (const app of Object.values(apps).reverse()) await app.stop();
  }
}
