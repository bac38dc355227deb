import path from 'node:path';
import { parseArgs } from 'node:util';
import { fuzzGateway, routePrefixes } from '../../apps/faults-e2e/src/lib/fuzz';
import { FaultPlatform, startFaultPlatform } from '../../apps/faults-e2e/src/lib/platform';

const USAGE = `usage: npm run fuzz -- [--requests N] [--seed S] [--concurrency C] [--gateway URL --key KEY]
  Sends N (default 10000) seeded random requests to every route through the gateway and fails on
  a 5xx, a hang, or a 4xx that is not a JSON:API error document. Without --gateway it starts the
  whole platform (every app a process, throw-away databases) and fuzzes that.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '10000' },
      seed: { type: 'string', default: String(Date.now() % 1_000_000) },
      concurrency: { type: 'string', default: '16' },
      gateway: { type: 'string' },
      key: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const requests = Number(values.requests);
  const seed = Number(values.seed);
  const concurrency = Number(values.concurrency);
  if (values.help || ![requests, seed, concurrency].every(Number.isInteger)) {
    console.error(USAGE);
    return 2;
  }
  if (values.gateway && !values.key) {
    console.error('--gateway needs --key (a key of a plan that allows every route)');
    return 2;
  }
  let platform: FaultPlatform | undefined;
  if (!values.gateway) {
    // The test template, as the Jest global setup prepares it.
    await require(path.join(__dirname, '..', 'testing', 'global-setup.js'))();
    console.log('starting the platform…');
    platform = await startFaultPlatform({
      firstPartyRequestsPerWindow: 10_000_000,
      everyReadService: true,
    });
  }
  try {
    const gatewayUrl = values.gateway ?? platform!.gatewayUrl;
    console.log(`fuzzing ${gatewayUrl} with ${requests} requests, seed ${seed}`);
    const started = performance.now();
    const report = await fuzzGateway({
      gatewayUrl,
      apiKey: values.key ?? platform!.apiKey,
      prefixes: await routePrefixes(),
      requests,
      seed,
      concurrency,
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`${report.requests} requests in ${seconds.toFixed(1)} s; statuses:`);
    for (const [status, count] of Object.entries(report.statuses))
      console.log(`  ${status}: ${count}`);
    const byProblem = new Map<string, string[]>();
    for (const failure of report.failures) {
      const kind = failure.problem.slice(0, 60);
      byProblem.set(kind, [...(byProblem.get(kind) ?? []), failure.request.path]);
    }
    for (const [kind, paths] of byProblem) {
      console.log(`FAILED ${paths.length}x: ${kind}…`);
      for (const p of paths.slice(0, 5)) console.log(`    ${p}`);
    }
    console.log(
      report.failures.length === 0
        ? 'no failures'
        : `${report.failures.length} failures (replay with --seed ${seed})`,
    );
    return report.failures.length === 0 ? 0 : 1;
  } finally {
    await platform?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
