import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL } from '@waypost/shared/config';
import { withDatabase } from '@waypost/shared/db';
import { DEFAULT_GOOGLE_API_KEY } from '../../apps/dev-sources/src/google/google-places.mount';
import { ensureDemoKey } from '../../apps/gateway/src/demo-key';
import { migrateAll } from '../db/migrate';
import { DATASETS } from '../datasets';
import { runSync } from './sync';

const ROOT = join(__dirname, '..', '..');
const LOG_DIR = join(ROOT, 'tmp', 'logs');
const DATABASE_URL = process.env['DATABASE_URL'] ?? DEFAULT_DATABASE_URL;
const REDIS_URL = process.env['REDIS_URL'] ?? DEFAULT_REDIS_URL;
const CMS_DATABASE_URL = process.env['CMS_DATABASE_URL'] ?? withDatabase(DATABASE_URL, 'cms');
const GATEWAY_PORT = 3000;
const DEV_SOURCES_PORT = 3900;
/** Settings a sync needs to reach its stand-in where its default is the real service. */
const DEMO_SETTINGS: Readonly<Record<string, Record<string, string>>> = {
  // Enrichment of points of interest from the Google Places stand-in (its demo key).
  'places-sync': {
    GOOGLE_PLACES_URL: `http://127.0.0.1:${DEV_SOURCES_PORT}/google-places`,
    GOOGLE_PLACES_API_KEY: DEFAULT_GOOGLE_API_KEY,
  },
};
const GATEWAY_URL = `http://127.0.0.1:${GATEWAY_PORT}`;

const step = (msg: string) => console.log(`\n▸ ${msg}`);
const info = (msg: string) => console.log(`  ${msg}`);

class StartError extends Error {}

function run(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'inherit' });
    return true;
  } catch {
    return false;
  }
}

const isRoot = () => process.getuid?.() === 0;
const has = (binary: string) => run('sh', ['-c', `command -v ${binary} >/dev/null 2>&1`]);

async function canConnect(url: string): Promise<Client | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return client;
  } catch {
    return null;
  }
}

async function ensurePostgres(): Promise<void> {
  step(`PostgreSQL at ${new URL(DATABASE_URL).host}`);
  const maintenance = withDatabase(DATABASE_URL, 'postgres');
  let client = await canConnect(maintenance);
  if (!client && existsSync('/etc/postgresql') && has('pg_ctlcluster')) {
    info('not answering; starting the local cluster');
    const version = readdirSync('/etc/postgresql')[0];
    run('pg_ctlcluster', ['--skip-systemctl-redirect', version!, 'main', 'start']);
    client = await canConnect(maintenance);
  }
  if (!client) {
    throw new StartError(
      `PostgreSQL is not reachable at ${DATABASE_URL}.\n` +
        '  Install and start it (Debian: apt-get install -y postgresql postgresql-15-postgis-3 && pg_ctlcluster 15 main start)\n' +
        '  or point DATABASE_URL at a PostgreSQL with PostGIS.',
    );
  }
  try {
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_available_extensions where name = 'postgis'",
    );
    if (rows[0]?.n) return info('ok, PostGIS available');
    const major = (await client.query<{ v: string }>('show server_version_num')).rows[0]!.v.slice(
      0,
      2,
    );
    const pkg = `postgresql-${major}-postgis-3`;
    if (isRoot() && has('apt-get')) {
      info(`PostGIS missing; installing ${pkg} with apt-get (about 15 s)`);
      if (
        !run('sh', [
          '-c',
          `apt-get install -y -qq ${pkg} >/dev/null || (apt-get update -qq && apt-get install -y -qq ${pkg} >/dev/null)`,
        ])
      ) {
        throw new StartError(
          `could not install ${pkg}; run: apt-get update && apt-get install -y ${pkg}`,
        );
      }
      return info('ok, PostGIS installed');
    }
    throw new StartError(
      `PostGIS is not installed on the server. Run: sudo apt-get install -y ${pkg}`,
    );
  } finally {
    await client.end();
  }
}

async function ensureRedis(): Promise<void> {
  step(`Redis at ${new URL(REDIS_URL).host}`);
  const ping = async () => {
    const redis = new Redis(REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await redis.connect();
      return (await redis.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      redis.disconnect();
    }
  };
  if (await ping()) return info('ok');
  if (has('redis-server')) {
    info('not answering; starting redis-server');
    run('redis-server', [
      '--daemonize',
      'yes',
      '--bind',
      '127.0.0.1',
      '--port',
      new URL(REDIS_URL).port || '6379',
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    await new Promise((r) => setTimeout(r, 500));
    if (await ping()) return info('ok, started');
  }
  throw new StartError(
    `Redis is not reachable at ${REDIS_URL}. Install and start it (Debian: apt-get install -y redis-server && redis-server --daemonize yes) or set REDIS_URL.`,
  );
}

const children: { name: string; process: ChildProcess }[] = [];

function startApp(
  project: string,
  entry: string,
  env: Record<string, string>,
  args: string[] = [],
): void {
  mkdirSync(LOG_DIR, { recursive: true });
  const log = createWriteStream(join(LOG_DIR, `${project}.log`), { flags: 'a' });
  const child = spawn(process.execPath, ['-r', './tools/register.js', entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL, REDIS_URL, CMS_DATABASE_URL, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  child.on('exit', (code, signal) => {
    if (!shuttingDown)
      console.error(`✗ ${project} exited (${signal ?? code}); its log: tmp/logs/${project}.log`);
  });
  children.push({ name: project, process: child });
}

async function waitReady(
  name: string,
  port: number,
  timeoutMs = 60_000,
  path = '/health/ready',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new StartError(`${name} did not become ready on port ${port}; see tmp/logs/${name}.log`);
}

let shuttingDown = false;
function stopAll(): void {
  shuttingDown = true;
  for (const c of children) c.process.kill('SIGTERM');
}

async function main(): Promise<void> {
  const started = Date.now();
  await ensurePostgres();
  await ensureRedis();

  step('Migrating the waypost database');
  const applied = await migrateAll(DATABASE_URL);
  info(applied.length ? `applied ${applied.length} migration(s)` : 'up to date');

  step('Seeding the CMS stand-in (skipped when it already has data)');
  execFileSync(
    process.execPath,
    ['-r', './tools/register.js', 'apps/dev-sources/src/main.ts', 'seed'],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, CMS_DATABASE_URL },
    },
  );

  step('Starting the apps (logs in tmp/logs/)');
  // The WordPress stand-in (two sites, posts edited and removed over time) that articles-sync reads.
  startApp(
    'dev-sources',
    'apps/dev-sources/src/main.ts',
    { DEV_SOURCES_PORT: String(DEV_SOURCES_PORT) },
    ['serve'],
  );
  await waitReady(
    'dev-sources',
    DEV_SOURCES_PORT,
    60_000,
    '/guides/wp-json/wp/v2/posts?per_page=1',
  );
  // Every other dataset places its content through the gazetteer, so places syncs first: a sync
  // started against a half-synced places schema would misplace its content until its next pull.
  const byDependency = [...DATASETS].sort(
    (a, b) => Number(b.name === 'places') - Number(a.name === 'places'),
  );
  for (const d of byDependency) {
    startApp(d.sync.project, `apps/${d.sync.project}/src/main.ts`, {
      PORT: String(d.sync.port),
      ...DEMO_SETTINGS[d.sync.project],
    });
    // Links in documents point at the gateway, the address clients use.
    startApp(d.api.project, `apps/${d.api.project}/src/main.ts`, {
      PORT: String(d.api.port),
      PUBLIC_BASE_URL: `${GATEWAY_URL}/v1`,
    });
    await waitReady(d.sync.project, d.sync.port);
    await waitReady(d.api.project, d.api.port);
    step(`First sync of ${d.name}`);
    await runSync(d, d.sync.sources, REDIS_URL, info);
  }
  startApp('gateway', 'apps/gateway/src/main.ts', { PORT: String(GATEWAY_PORT) });
  await waitReady('gateway', GATEWAY_PORT);
  const demo = await ensureDemoKey(DATABASE_URL);

  const v1 = `${GATEWAY_URL}/v1`;
  const auth = `-H 'Authorization: Bearer ${demo.key}'`;
  console.log(`
Waypost is up (${((Date.now() - started) / 1000).toFixed(1)} s).
  gateway        ${GATEWAY_URL}/v1   (every dataset; needs an API key)
${DATASETS.map((d) => `  ${d.api.project.padEnd(14)} http://127.0.0.1:${d.api.port}   ${d.sync.project.padEnd(14)} http://127.0.0.1:${d.sync.port}/metrics`).join('\n')}

Demo API key (first-party plan${demo.created ? ', created now' : ''}; also in tmp/demo-api-key):
  ${demo.key}

Try:
  curl -sg ${auth} '${v1}/places?filter[level]=continent'
  curl -sg ${auth} '${v1}/places/country-de/children'
  curl -sg ${auth} '${v1}/places/city-2950159?include=ancestors,children'
  curl -sg ${auth} '${v1}/places?filter[contains]=52.52,13.405'
  curl -sg ${auth} '${v1}/pointsOfInterest?filter[place]=country-de&page[size]=5'
  curl -sg ${auth} '${v1}/articles?filter[place]=country-fr&page[size]=3'
  curl -sg ${auth} '${v1}/news?filter[place]=continent-eu&fields[news]=title,publishedAt'
  curl -sg ${auth} '${v1}/lodgings?filter[place]=city-2950159&filter[type]=hostel&filter[priceMax]=30&filter[currency]=EUR&sort=price&include=place'
  curl -sg ${auth} '${v1}/tours?filter[place]=country-at&filter[durationMin]=1440&sort=price&include=visitedPlaces,startPlace'
  curl -sg ${auth} '${v1}/books?filter[place]=country-de&filter[format]=ebook&sort=-publishedAt&include=places'
  curl -sg ${auth} '${v1}/places/city-2950159/guide'
  npm run sync -- places        # queue a sync now and follow it (or: articles [--reconcile])
  npm run keys -- list          # API keys (create --name N --plan P, revoke ID)
Ctrl-C stops everything.`);
}

process.on('SIGINT', () => {
  stopAll();
  process.exit(130);
});
process.on('SIGTERM', () => {
  stopAll();
  process.exit(143);
});

main().catch((error) => {
  console.error(
    `\n✗ ${error instanceof StartError ? error.message : error instanceof Error ? error.stack : error}`,
  );
  stopAll();
  process.exit(1);
});
