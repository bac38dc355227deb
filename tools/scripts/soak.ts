import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { Agent } from 'undici';
import { FaultPlatform, startFaultPlatform } from '../../apps/faults-e2e/src/lib/platform';
import { summarise, timedRequest } from '../../apps/faults-e2e/src/lib/traffic';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const USAGE = `usage: npm run soak -- --minutes N [--rate R] [--every S] [--record FILE]
  Starts the whole platform (every app a process, throw-away databases, syncs on short schedules)
  and drives a realistic mix through the gateway at R requests per second (default 40) for N
  minutes while the CMS changes every minute. Every S seconds (default 60) it prints the errors,
  p50/p99 per route, each app's RSS and PostgreSQL's connections. --record writes the gateway's
  request log, for npm run replay.`;

/** The mix: browsing the hierarchy, search, roll-ups, guides and every dataset's collections. */
const MIX: readonly (readonly [route: string, weight: number, paths: readonly string[]])[] = [
  [
    'browse',
    30,
    [
      '/v1/places?filter[level]=continent',
      '/v1/places/continent-eu/children',
      '/v1/places/country-de/children',
      '/v1/places/region-de-16/children',
      '/v1/places/city-2950159?include=ancestors,children',
      '/v1/places/country-fr?include=ancestors',
    ],
  ],
  [
    'search',
    15,
    [
      '/v1/places?filter[contains]=52.52,13.405',
      '/v1/places?filter[near]=48.8566,2.3522&filter[radius]=5000',
      '/v1/places?filter[q]=par',
    ],
  ],
  [
    'roll-up',
    20,
    [
      '/v1/pointsOfInterest?filter[place]=country-de&page[size]=50',
      '/v1/pointsOfInterest?filter[place]=continent-eu&page[size]=20',
      '/v1/articles?filter[place]=country-fr&include=places',
    ],
  ],
  ['guide', 15, ['/v1/places/city-2950159/guide', '/v1/places/country-fr/guide']],
  [
    'collections',
    20,
    [
      '/v1/places?page[size]=100',
      '/v1/pointsOfInterest',
      '/v1/articles',
      '/v1/news?filter[publishedAfter]=2020-01-01',
    ],
  ],
];

async function rssMb(pid: number | undefined): Promise<number | undefined> {
  if (!pid) return undefined;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb ? Math.round(Number(kb) / 1024) : undefined;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      rate: { type: 'string', default: '40' },
      every: { type: 'string', default: '60' },
      record: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const minutes = Number(values.minutes);
  const rate = Number(values.rate);
  const every = Number(values.every);
  if (values.help || !(minutes > 0) || !(rate > 0) || !(every > 0)) {
    console.error(USAGE);
    return 2;
  }
  await require(path.join(ROOT, 'tools', 'testing', 'global-setup.js'))();
  console.log('starting the platform…');
  const platform: FaultPlatform = await startFaultPlatform({
    firstPartyRequestsPerWindow: 10_000_000,
    syncEveryMs: 30_000,
    everyReadService: true,
    gatewayEnv: values.record ? { LOG_LEVEL: 'info' } : {},
  });
  const dispatcher = new Agent({ connections: 32 });
  const headers = { authorization: `Bearer ${platform.apiKey}` };
  const weights = MIX.reduce((sum, [, weight]) => sum + weight, 0);
  const pick = (i: number) => {
    // Deterministic interleaving: request i takes the mix entry its position falls on.
    let slot = (i * 7919) % weights;
    for (const [route, weight, paths] of MIX) {
      if (slot < weight) return { route, path: paths[i % paths.length]! };
      slot -= weight;
    }
    throw new Error('unreachable');
  };
  const window = new Map<string, { status: number; ms: number }[]>();
  let errors = 0;
  let sent = 0;
  const started = performance.now();
  const end = started + minutes * 60_000;
  const inFlight = new Set<Promise<void>>();
  const report = async () => {
    const elapsed = ((performance.now() - started) / 60_000).toFixed(1);
    const routes = [...window].map(([route, answers]) => {
      const s = summarise(answers);
      return `${route} ${s.requests} p50 ${s.p50Ms} p99 ${s.p99Ms}`;
    });
    const rss = await Promise.all(
      [...platform.apps].map(async ([name, app]) => `${name} ${await rssMb(app.pid())} MB`),
    );
    const pg = new Client({ connectionString: platform.databaseUrl });
    await pg.connect();
    const { rows } = await pg.query(
      'select count(*)::int as n from pg_stat_activity where datname = current_database()',
    );
    await pg.end();
    console.log(
      `[${elapsed} min] sent ${sent}, errors ${errors} | ${routes.join(' | ')}\n    RSS: ${rss.join(', ')} | PostgreSQL connections: ${rows[0].n}`,
    );
    window.clear();
  };
  const mutate = () =>
    run(
      process.execPath,
      [
        '-r',
        './tools/register.js',
        'apps/dev-sources/src/main.ts',
        'mutate',
        '--database-url',
        platform.cmsUrl,
      ],
      { cwd: ROOT },
    ).catch((error) => console.error(`mutate failed: ${error.message}`));
  const reporter = setInterval(() => void report(), every * 1000);
  const mutator = setInterval(() => void mutate(), 60_000);
  try {
    for (let i = 0; performance.now() < end; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const { route, path: requestPath } = pick(i);
      sent += 1;
      const request = timedRequest(dispatcher, platform.gatewayUrl, requestPath, headers).then(
        (answer) => {
          if (answer.status === 0 || answer.status >= 500) errors += 1;
          const answers = window.get(route) ?? [];
          answers.push(answer);
          window.set(route, answers);
        },
      );
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
    }
    await Promise.all(inFlight);
    clearInterval(reporter);
    await report();
    if (values.record) {
      const gateway = platform.apps.get('gateway')!;
      const lines = gateway.output
        .join('')
        .split('\n')
        .filter((line) => line.includes('"kind":"request"'));
      await writeFile(values.record, `${lines.join('\n')}\n`);
      console.log(`recorded ${lines.length} request lines in ${values.record}`);
    }
    console.log(`${sent} requests, ${errors} errors (5xx or no answer)`);
    return errors === 0 ? 0 : 1;
  } finally {
    clearInterval(reporter);
    clearInterval(mutator);
    await dispatcher.close();
    await platform.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
