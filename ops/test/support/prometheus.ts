import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { freePort, waitFor } from '@waypost/shared/testing';
import { requireBinary } from '../binaries';

export const RULES_FILE = path.join(
  __dirname,
  '..',
  '..',
  'prometheus',
  'rules',
  'waypost.rules.yml',
);

/** A scrape target: one app's origin (its /metrics). */
export interface ScrapeTarget {
  readonly app: string;
  readonly url: string;
}

/** One sample series of an instant or range query. */
export interface Series {
  readonly metric: Record<string, string>;
  readonly value?: [number, string];
  readonly values?: [number, string][];
}

/** A Prometheus of its own (Debian's binary, a temp data dir, a free port) and its HTTP API. */
export interface TestPrometheus {
  readonly url: string;
  query(expr: string): Promise<Series[]>;
  queryRange(expr: string, startSeconds: number, endSeconds: number): Promise<Series[]>;
  alerts(): Promise<{ labels: Record<string, string>; state: string }[]>;
  stop(): Promise<void>;
}

/**
 * Starts Prometheus scraping `targets` every `intervalSeconds` as job `waypost-apps` (the rules'
 * `up{job=~"waypost.*"}`), with the repository's rules evaluated as often.
 */
export async function startPrometheus(
  targets: readonly ScrapeTarget[],
  intervalSeconds = 0.25,
): Promise<TestPrometheus> {
  const binary = requireBinary('prometheus', 'prometheus');
  const folder = await mkdtemp(path.join(tmpdir(), 'waypost-prometheus-'));
  const interval = `${Math.round(intervalSeconds * 1000)}ms`;
  await writeFile(
    path.join(folder, 'prometheus.yml'),
    stringify({
      global: {
        scrape_interval: interval,
        scrape_timeout: interval,
        evaluation_interval: interval,
      },
      rule_files: [RULES_FILE],
      scrape_configs: [
        {
          job_name: 'waypost-apps',
          static_configs: targets.map((target) => ({
            targets: [new URL(target.url).host],
            labels: { app: target.app },
          })),
        },
      ],
    }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${path.join(folder, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(folder, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1h',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(folder, { recursive: true, force: true });
  };
  try {
    await waitFor('Prometheus to be ready', async () => {
      if (child.exitCode !== null) throw new Error(output.join(''));
      return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
    });
  } catch (error) {
    await stop();
    throw new Error(`Prometheus did not start: ${(error as Error).message}\n${output.join('')}`);
  }
  const api = async <T>(apiPath: string, params: Record<string, string>): Promise<T> => {
    const response = await fetch(`${url}/api/v1/${apiPath}?${new URLSearchParams(params)}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success')
      throw new Error(`${apiPath} ${JSON.stringify(params)}: ${body.error}`);
    return body.data;
  };
  return {
    url,
    query: async (expr) => (await api<{ result: Series[] }>('query', { query: expr })).result,
    queryRange: async (expr, start, end) =>
      (
        await api<{ result: Series[] }>('query_range', {
          query: expr,
          start: String(start),
          end: String(end),
          step: '0.25',
        })
      ).result,
    alerts: async () =>
      (await api<{ alerts: { labels: Record<string, string>; state: string }[] }>('alerts', {}))
        .alerts,
    stop,
  };
}
