import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT, WORK_DIR } from '../bench.config';
import { processTree } from './proc.stats';

export const LOG_DIR = join(WORK_DIR, 'logs');

/** A process the bench started; its output goes to tmp/bench/logs/<name>.log. */
export interface BenchProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** The process and its children (nginx workers), for CPU and memory readings. */
  pids(): number[];
  stop(): Promise<void>;
}

/** Everything started so far, stopped in reverse order by `stopAll`. */
const running: BenchProcess[] = [];

export class BenchProcessError extends Error {}

/** Starts `command` with its output in a log file; fails if it exits within the first moment. */
export async function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<BenchProcess> {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = join(LOG_DIR, `${name}.log`);
  // Straight to the file: relaying the apps' request logs would cost the bench process CPU.
  const log = openSync(logFile, 'w');
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = signal ?? String(code);
      resolve();
    }),
  );
  child.once('error', (error) => (exited = error.message));
  await sleep(100);
  if (exited !== undefined || !child.pid)
    throw new BenchProcessError(`${name} did not start (${exited}); see ${logFile}`);
  const pid = child.pid;
  const started: BenchProcess = {
    name,
    pid,
    logFile,
    pids: () => (exited === undefined ? processTree(pid) : []),
    async stop() {
      if (exited !== undefined) return;
      child.kill('SIGTERM');
      const killed = await Promise.race([exit.then(() => true), sleep(10_000).then(() => false)]);
      if (!killed) child.kill('SIGKILL');
      await exit;
    },
  };
  running.push(started);
  return started;
}

/** Starts an app of this repository from the bench build (see apps.builder.ts). */
export function startNodeApp(
  name: string,
  entry: string,
  env: Record<string, string>,
  nodeFlags: readonly string[] = [],
): Promise<BenchProcess> {
  return startProcess(name, process.execPath, [...nodeFlags, entry], { cwd: ROOT, env });
}

/** Polls `url` until it answers 2xx; fails after `timeoutMs` naming the process and its log. */
export async function waitUntilReady(
  app: BenchProcess,
  url: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.pids().length === 0)
      throw new BenchProcessError(`${app.name} exited; see ${app.logFile}`);
    const ok = await fetch(url).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await sleep(250);
  }
  throw new BenchProcessError(`${app.name} was not ready at ${url}; see ${app.logFile}`);
}

/** Stops every process the bench started, newest first. */
export async function stopAll(): Promise<void> {
  for (const app of running.splice(0).reverse()) await app.stop();
}
