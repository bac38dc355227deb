import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DATASETS, findDataset } from '../datasets';

const ROOT = path.join(__dirname, '..', '..');
const PRISM = path.join(ROOT, 'node_modules', '.bin', 'prism');
const USAGE = 'usage: npm run mock -- <dataset> [--port N]';

export interface MockServerOptions {
  readonly dataset: string;
  /** Default: the dataset's API port (tools/datasets.ts), so links in the examples work. */
  readonly port?: number;
  readonly host?: string;
}

/**
 * Starts Prism 5 serving the examples of `openapi/<dataset>.yaml` (a frontend can start before the
 * service exists): each operation answers its first example for the status and media type asked
 * (`Prefer: example=<name>` or `code=<status>` picks another), and requests are validated
 * against the spec's parameters.
 */
export function startMockServer(options: MockServerOptions): {
  child: ChildProcess;
  url: string;
} {
  const dataset = findDataset(options.dataset);
  const spec = path.join(ROOT, 'openapi', `${dataset.name}.yaml`);
  if (!existsSync(spec)) throw new Error(`no spec openapi/${dataset.name}.yaml`);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? dataset.api.port;
  const child = spawn(PRISM, ['mock', spec, '--host', host, '--port', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, url: `http://${host}:${port}` };
}

function parseArgs(args: readonly string[]): MockServerOptions {
  const [dataset, ...rest] = args;
  if (!dataset || dataset.startsWith('-')) {
    throw new Error(`${USAGE}\ndatasets: ${DATASETS.map((d) => d.name).join(', ')}`);
  }
  let port: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--port' && /^\d+$/.test(rest[i + 1] ?? '')) port = Number(rest[++i]);
    else throw new Error(`unknown argument ${rest[i]}\n${USAGE}`);
  }
  return { dataset, port };
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const { child, url } = startMockServer(options);
  child.stdout?.pipe(process.stdout);
  child.stderr?.pipe(process.stderr);
  console.log(`mock ${options.dataset} API from openapi/${options.dataset}.yaml at ${url}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
