import { ChildProcess, spawn } from 'node:child_process';
import { AddressInfo, createServer } from 'node:net';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..', '..', '..');

/** Ports this process has handed out: never handed out twice, even once released. */
const handedOut = new Set<number>();

/**
 * A port nobody listens on right now, on the loopback interface, and not handed out before by
 * this process (the kernel may offer a just-released port again before its app has bound it:
 * two apps started together would then race for one port). Another process can still take it in
 * the moment before the app binds it; an app that loses that race ends with EADDRINUSE, which
 * `waitFor` reports with its output.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/** One app of the monorepo running as its own process, as it runs in a deployment. */
export interface AppProcess {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  readonly output: string[];
  /** Whether the process has ended (crashed, or stopped). */
  exited(): boolean;
  /** SIGTERM, resolved once the process has exited (at once if it already has). */
  stop(): Promise<void>;
}

/**
 * Starts an app from its TypeScript entry (`apps/<app>/src/main.ts`) on `port` (default: a free
 * one), with `PORT` set and `LOG_LEVEL=warn` unless `env` says otherwise. Does not wait for it:
 * see `waitUntilReady`.
 */
export async function startAppProcess(
  entry: string,
  env: Record<string, string>,
  port?: number,
): Promise<AppProcess> {
  port ??= await freePort();
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['-r', './tools/register.js', entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => output.push(String(chunk)));
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  return {
    url: `http://127.0.0.1:${port}`,
    output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Polls `probe` every 200 ms until it returns something other than undefined (a throw counts as
 * undefined), or fails with what the apps wrote, to show why: after `timeoutMs`, or at once when
 * one of the apps has ended.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs?: number; apps?: readonly AppProcess[] } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    const apps = options.apps ?? [];
    const ended = apps.find((app) => app.exited());
    if (ended || Date.now() > deadline) {
      const output = apps.map((app) => `--- ${app.url}\n${app.output.join('')}`);
      const why = ended ? `the app at ${ended.url} ended` : 'timed out';
      throw new Error(`${why} waiting for ${what}; app output:\n${output.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits until every app's `/health/ready` answers 200. */
export async function waitUntilReady(apps: readonly AppProcess[]): Promise<void> {
  for (const app of apps) {
    await waitFor(
      `${app.url}/health/ready`,
      async () => ((await fetch(`${app.url}/health/ready`)).ok ? true : undefined),
      { apps },
    );
  }
}

/**
 * Waits until a sync worker's metrics show a successful run of each source at or after `since`
 * (unix seconds), i.e. `sync_last_success_timestamp_seconds{source=...}` has reached it.
 */
export async function waitForSync(
  worker: AppProcess,
  sources: readonly string[],
  since: number,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  await waitFor(
    `${sources.join(', ')} to sync`,
    async () => {
      const metrics = await (await fetch(`${worker.url}/metrics`)).text();
      const done = sources.every((source) => {
        const match = metrics.match(
          new RegExp(
            `sync_last_success_timestamp_seconds\\{[^}]*source="${source}"[^}]*\\} ([\\d.]+)`,
          ),
        );
        return match !== null && Number(match[1]) >= since;
      });
      return done ? true : undefined;
    },
    { ...options, apps: [worker] },
  );
}
