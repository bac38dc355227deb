import { ChildProcess, spawn } from 'node:child_process';
import { AddressInfo, createServer } from 'node:net';
import path from 'node:path';
import { seedCmsFixture } from '@waypost/dev-sources/cms';
import {
  TEST_REDIS_URL,
  TestDatabase,
  createTestDatabase,
  uniqueRedisPrefix,
} from '@waypost/shared/testing';

const ROOT = path.join(__dirname, '..', '..', '..');

export interface RunningPlatform {
  readonly apiUrl: string;
  readonly syncUrl: string;
  readonly cmsUrl: string;
  /** Resolves once the sources (default: both) have had a successful run after `since` (unix seconds). */
  syncedAfter(since: number, sources?: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function startApp(entry: string, env: Record<string, string>, output: string[]): ChildProcess {
  const child = spawn(process.execPath, ['-r', './tools/register.js', entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => output.push(String(chunk)));
  child.stderr!.on('data', (chunk) => output.push(String(chunk)));
  return child;
}

async function poll<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  output: string[],
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; app output:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The places platform as a client meets it: a CMS database with the fixture, PostGIS from the
 * migrated template, Redis, and places-sync and places-api started as processes on free ports.
 */
export async function startPlatform(
  options: { pointsOfInterestEveryMs?: number } = {},
): Promise<RunningPlatform> {
  const waypost: TestDatabase<unknown> = await createTestDatabase();
  const cms: TestDatabase<unknown> = await createTestDatabase({ empty: true });
  await seedCmsFixture(cms.url);
  const [syncPort, apiPort] = [await freePort(), await freePort()];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const syncUrl = `http://127.0.0.1:${syncPort}`;
  const output: string[] = [];
  const children = [
    startApp(
      'apps/places-sync/src/main.ts',
      {
        PORT: String(syncPort),
        DATABASE_URL: waypost.url,
        CMS_DATABASE_URL: cms.url,
        REDIS_URL: TEST_REDIS_URL,
        SYNC_QUEUE_PREFIX: uniqueRedisPrefix('e2e'),
        SYNC_SETTLE_MS: '0',
        SYNC_POINTS_OF_INTEREST_EVERY_MS: String(options.pointsOfInterestEveryMs ?? 3_600_000),
      },
      output,
    ),
    startApp(
      'apps/places-api/src/main.ts',
      { PORT: String(apiPort), DATABASE_URL: waypost.url, PUBLIC_BASE_URL: apiUrl },
      output,
    ),
  ];

  const syncedAfter = async (
    since: number,
    sources: readonly string[] = ['cms-places', 'cms-points-of-interest'],
  ) => {
    await poll(
      'both CMS sources to sync',
      async () => {
        const metrics = await (await fetch(`${syncUrl}/metrics`)).text();
        const done = sources.every((source) => {
          const match = metrics.match(
            new RegExp(
              `sync_last_success_timestamp_seconds\\{[^}]*source="${source}"[^}]*\\} ([\\d.]+)`,
            ),
          );
          return match && Number(match[1]) >= since;
        });
        return done ? true : undefined;
      },
      60_000,
      output,
    );
  };

  for (const url of [syncUrl, apiUrl]) {
    await poll(
      `${url}/health/ready`,
      async () => ((await fetch(`${url}/health/ready`)).ok ? true : undefined),
      60_000,
      output,
    );
  }
  await syncedAfter(0);

  return {
    apiUrl,
    syncUrl,
    cmsUrl: cms.url,
    syncedAfter,
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
      await waypost.drop();
      await cms.drop();
    },
  };
}
