import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort, waitFor } from '@waypost/shared/testing';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const STOP_GRACE_MS = 10_000;
const PG_BIN = '/usr/lib/postgresql/15/bin';
const run = promisify(execFile);

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

/** A PostgreSQL 15 cluster of its own (PostGIS comes with the system's PostgreSQL) on a free port. */
export interface ThrowAwayPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/<database>`. */
  url(database: string): string;
  /** `pg_ctl restart -m fast`: every connection is cut, the server is back when it resolves. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startThrowAwayPostgres(): Promise<ThrowAwayPostgres> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'faults-pg-'));
  const data = path.join(dir, 'data');
  // initdb refuses to run as root: then the cluster belongs to the postgres user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await run('chown', ['postgres', dir]);
  const pg = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, command), ...args])
      : run(path.join(PG_BIN, command), args);
  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const ctl = (...args: string[]) =>
    pg('pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(dir, 'server.log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-w',
      ...args,
    ]);
  await ctl('start');
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    restart: async () => {
      await ctl('-m', 'fast', 'restart');
    },
    stop: async () => {
      await ctl('-m', 'immediate', 'stop').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
