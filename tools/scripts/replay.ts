import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseRequestLog, replay } from '../../apps/faults-e2e/src/lib/traffic';

const USAGE = `usage: npm run replay -- <gateway request log> --target URL --key KEY [--speed N]
  Replays the GET requests of a gateway's JSON request log (its "kind":"request" lines) against
  the gateway at URL with KEY, at the recorded pace (--speed 1) or N times faster, and prints the
  status codes and latency of the replay beside the recorded statuses.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      target: { type: 'string', default: 'http://127.0.0.1:3000' },
      key: { type: 'string' },
      speed: { type: 'string', default: '1' },
      help: { type: 'boolean' },
    },
  });
  const speed = Number(values.speed);
  if (values.help || positionals.length !== 1 || !values.key || !(speed > 0)) {
    console.error(USAGE);
    return 2;
  }
  const requests = parseRequestLog(await readFile(positionals[0]!, 'utf8'));
  if (requests.length === 0) {
    console.error(`${positionals[0]}: no request lines to replay`);
    return 1;
  }
  const span = (requests[requests.length - 1]!.time - requests[0]!.time) / 1000;
  console.log(
    `replaying ${requests.length} requests (${span.toFixed(1)} s recorded) at ${speed}x against ${values.target}`,
  );
  const { summary, recorded, differing } = await replay(requests, {
    target: values.target,
    headers: { authorization: `Bearer ${values.key}` },
    speed,
  });
  console.log(`recorded statuses: ${JSON.stringify(recorded.statuses)}`);
  console.log(`replayed statuses: ${JSON.stringify(summary.statuses)}`);
  console.log(
    `latency: p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms, max ${summary.maxMs} ms; ${differing} answers differ from the recorded status`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
