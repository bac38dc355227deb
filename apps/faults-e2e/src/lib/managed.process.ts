import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort, waitFor } from '@waypost/shared/testing';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const STOP_GRACE_MS = 10_000;

/** A process that a fault test can kill (with any signal) and start again, on the same port. */
export interface ManagedProcess {
  readonly url: string;
  readonly port: number;
  /** Everything every run of the process wrote, stdout and stderr interleaved. */
  readonly output: string[];
  exited(): boolean;
  /** The running process's id (of its last start). */
  pid(): number | undefined;
  /** Sends `signal` (SIGTERM by default); resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the process again with the same command, environment and port. */
  restart(): void;
  stop(): Promise<void>;
}

function manage(command: string, args: readonly string[], env: NodeJS.ProcessEnv, port: number) {
  const output: string[] = [];
  let child: ChildProcess;
  const launch = () => {
    child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk) => output.push(String(chunk)));
    child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  };
  launch();
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const kill = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((resolve) => {
      if (exited()) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  const managed: ManagedProcess = {
    url: `http://127.0.0.1:${port}`,
    port,
    output,
    exited,
    pid: () => child.pid,
    kill,
    restart: launch,
    // A process that does not stop within STOP_GRACE_MS is killed, as Kubernetes would.
    stop: async () => {
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await kill('SIGTERM');
      clearTimeout(timer);
    },
  };
  return managed;
}

/** An app of the monorepo from its TypeScript entry, as startAppProcess runs it, but killable. */
export async function startManagedApp(
  entry: string,
  env: Record<string, string>,
  port?: number,
): Promise<ManagedProcess> {
  port ??= await freePort();
  return manage(
    process.execPath,
    ['-r', './tools/register.js', entry],
    { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), ...env },
    port,
  );
}

/** A redis-server of its own on a free port, appending to a file in a temp dir (so a restart keeps its data). */
export interface ThrowAwayRedis {
  readonly url: string;
  readonly process: ManagedProcess;
  /** Waits until it answers PING. */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export async function startThrowAwayRedis(): Promise<ThrowAwayRedis> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'faults-redis-'));
  const redis = manage(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
    ],
    process.env,
    port,
  );
  const url = `redis://127.0.0.1:${port}`;
  const ready = () =>
    waitFor(`redis-server on ${port}`, async () => {
      const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return (await client.ping()) === 'PONG' ? true : undefined;
      } finally {
        client.disconnect();
      }
    }).then(() => undefined);
  await ready();
  return {
    url,
    process: redis,
    ready,
    stop: async () => {
      await redis.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
