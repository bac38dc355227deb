import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Kysely } from 'kysely';
import { GATEWAY_MIGRATIONS, ApiKeyRepository, GatewayDatabase } from '@waypost/gateway/keys';
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL } from '@waypost/shared/config';
import {
  createDatabase,
  createDatabaseIfMissing,
  dropDatabase,
  migrateToLatest,
  withDatabase,
} from '@waypost/shared/db';
import { createGatewayApp } from '../src/gateway.app';
import { loadGatewayConfig } from '../src/config/gateway.config';
import { routesDocument, writeRoutesFile } from '../test/support/gateway.harness';
import { startStubUpstream } from '../test/support/stub-upstream';

/*
 * The gateway's added latency and throughput cost, side by side with calling the upstream
 * directly. The upstream (the test stub, or --upstream URL such as a running places-api) and
 * the gateway each run in their own process; autocannon runs here. Two rounds per target:
 * one connection (latency), then --connections (throughput).
 *
 *   node -r ./tools/register.js apps/gateway/bench/gateway-overhead.bench.ts [--seconds 8]
 *     [--connections 16] [--upstream http://127.0.0.1:3101 --path /places/country-de?include=ancestors]
 */

const ROLE = process.env['GATEWAY_BENCH_ROLE'];
const READY = 'ready';

async function child(
  role: string,
  env: Record<string, string>,
): Promise<{ process: ChildProcess; url: string }> {
  const proc = fork(__filename, process.argv.slice(2), {
    env: { ...process.env, ...env, GATEWAY_BENCH_ROLE: role },
    execArgv: ['-r', './tools/register.js'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const [message] = (await once(proc, 'message')) as [{ kind: string; url: string }];
  if (message.kind !== READY) throw new Error(`${role} did not start`);
  return { process: proc, url: message.url };
}

async function runUpstream(): Promise<void> {
  const upstream = await startStubUpstream('bench');
  process.send!({ kind: READY, url: upstream.url });
}

async function runGateway(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  const app = await createGatewayApp(config);
  await app.listen(0, '127.0.0.1');
  process.send!({ kind: READY, url: await app.getUrl() });
}

interface Round {
  label: string;
  p99Ms: number;
  rps: number;
}

async function measure(
  label: string,
  url: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
): Promise<Round> {
  await autocannon({ url, headers, connections, duration: 2 }); // warm-up: pools, JIT, caches
  const result = await autocannon({ url, headers, connections, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${label}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return {
    label,
    p99Ms: result.latency.p99,
    rps: result.requests.average,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '8' },
      connections: { type: 'string', default: '16' },
      upstream: { type: 'string' },
      path: { type: 'string', default: '/places/country-de?include=ancestors' },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const databaseUrl = withDatabase(
    process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL,
    `waypost_gateway_bench_${randomBytes(4).toString('hex')}`,
  );
  const children: ChildProcess[] = [];
  await createDatabaseIfMissing(databaseUrl);
  const db = createDatabase<GatewayDatabase>({ url: databaseUrl, maxConnections: 1 });
  try {
    await migrateToLatest(db as Kysely<unknown>, GATEWAY_MIGRATIONS);
    const { key } = await new ApiKeyRepository(db).create({ name: 'bench', plan: 'first-party' });

    let upstreamUrl = values.upstream;
    if (!upstreamUrl) {
      const upstream = await child('upstream', {});
      children.push(upstream.process);
      upstreamUrl = upstream.url;
    }
    const routes = await writeRoutesFile(
      routesDocument(
        { upstream: upstreamUrl },
        {
          plans: {
            'first-party': {
              requestsPerWindow: 10_000_000,
              windowSeconds: 60,
              whenRedisDown: 'open',
            },
            partner: { requestsPerWindow: 1, windowSeconds: 60, whenRedisDown: 'open' },
            trial: { requestsPerWindow: 1, windowSeconds: 60, whenRedisDown: 'closed' },
          },
        },
      ),
    );
    const gateway = await child('gateway', {
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env['REDIS_URL'] ?? DEFAULT_REDIS_URL,
      GATEWAY_ROUTES_FILE: routes.file,
      GATEWAY_REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info',
    });
    children.push(gateway.process);

    const direct = `${upstreamUrl}${values.path}`;
    const through = `${gateway.url}/v1${values.path}`;
    const auth = { authorization: `Bearer ${key}` };
    const rounds = [
      await measure('direct, 1 connection', direct, {}, 1, seconds),
      await measure('gateway, 1 connection', through, auth, 1, seconds),
      await measure(`direct, ${connections} connections`, direct, {}, connections, seconds),
      await measure(`gateway, ${connections} connections`, through, auth, connections, seconds),
    ];
    await routes.remove();

    console.log(
      `GET ${values.path}, ${seconds} s per round, upstream ${values.upstream ?? 'test stub'}`,
    );
    console.log('round                         p99 ms   req/s');
    for (const r of rounds)
      console.log(
        `${r.label.padEnd(28)} ${String(r.p99Ms).padStart(6)}  ${r.rps.toFixed(0).padStart(6)}`,
      );
    const [d1, g1, dn, gn] = rounds;
    // With one connection requests go one after another: the mean latency is 1 / throughput
    // (autocannon's own latency figures are whole milliseconds).
    const added = 1000 / g1.rps - 1000 / d1.rps;
    console.log(
      `mean latency, 1 connection: direct ${(1000 / d1.rps).toFixed(3)} ms, gateway ${(1000 / g1.rps).toFixed(3)} ms (+${added.toFixed(3)} ms)`,
    );
    console.log(`throughput through the gateway: ${(gn.rps / dn.rps).toFixed(2)}x of direct`);
  } finally {
    for (const proc of children) proc.kill('SIGTERM');
    await db.destroy();
    await dropDatabase(databaseUrl);
  }
}

const roles: Record<string, () => Promise<void>> = { upstream: runUpstream, gateway: runGateway };
(ROLE ? roles[ROLE]!() : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
