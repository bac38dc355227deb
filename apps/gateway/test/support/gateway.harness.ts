import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { stringify } from 'yaml';
import { ApiKeyRepository, GatewayDatabase } from '@waypost/gateway/keys';
import {
  TEST_REDIS_URL,
  TestDatabase,
  createTestDatabase,
  freePort,
  uniqueRedisPrefix,
} from '@waypost/shared/testing';
import { loadGatewayConfig } from '../../src/config/gateway.config';
import { createGatewayApp } from '../../src/gateway.app';

export const ALL_PLANS = ['first-party', 'partner', 'trial'];

/** A routes document with every upstream at `upstreamUrl`, in the shape of config/gateway.routes.yaml. */
export function routesDocument(
  upstreams: Record<string, string>,
  overrides: Record<string, unknown> = {},
) {
  const [first] = Object.keys(upstreams);
  return {
    upstreams: Object.fromEntries(Object.entries(upstreams).map(([name, url]) => [name, { url }])),
    plans: {
      'first-party': { requestsPerWindow: 10_000, windowSeconds: 60, whenRedisDown: 'open' },
      partner: { requestsPerWindow: 10_000, windowSeconds: 60, whenRedisDown: 'open' },
      trial: { requestsPerWindow: 5, windowSeconds: 60, whenRedisDown: 'closed' },
      admin: { requestsPerWindow: 100, windowSeconds: 60, whenRedisDown: 'closed', admin: true },
    },
    routes: [
      { prefix: '/places', upstream: first, timeoutMs: 2000, plans: ALL_PLANS },
      { prefix: '/pointsOfInterest', upstream: first, timeoutMs: 2000, plans: ALL_PLANS },
    ],
    guide: {
      plans: ALL_PLANS,
      place: { upstream: first, path: '/places/{id}?include=ancestors', timeoutMs: 1000 },
      parts: [
        {
          name: 'pointsOfInterest',
          relationship: 'pointsOfInterest',
          upstream: first,
          path: '/pointsOfInterest?filter[place]={id}&page[size]=10',
          timeoutMs: 1000,
        },
      ],
    },
    cors: { origins: ['https://app.example.com'] },
    ...overrides,
  };
}

/** Writes a routes document to a temporary YAML file; `remove` deletes its folder. */
export async function writeRoutesFile(
  document: unknown,
): Promise<{ file: string; remove(): Promise<void> }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'gateway-routes-'));
  const file = path.join(folder, 'gateway.routes.yaml');
  await writeFile(file, typeof document === 'string' ? document : stringify(document));
  return { file, remove: () => rm(folder, { recursive: true, force: true }) };
}

export interface RunningGateway {
  readonly url: string;
  readonly app: NestFastifyApplication;
  /** Every log line written so far, parsed. */
  readonly logs: Record<string, unknown>[];
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** A real gateway (Nest on Fastify, listening on a free port) against the given routes file. */
export async function startGateway(env: Record<string, string>): Promise<RunningGateway> {
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  // A fixed free port, so that the gateway's public base URL (its links) is where it listens.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadGatewayConfig({ LOG_LEVEL: 'info', PORT: String(port), ...env });
  const app = await createGatewayApp(config, destination);
  await app.listen(port, '127.0.0.1');
  return {
    url,
    app,
    logs,
    get: (requestPath, headers = {}) => fetch(`${url}${requestPath}`, { headers }),
    close: () => app.close(),
  };
}

/** A throw-away database, a Redis prefix of its own, and a key repository: one per suite. */
export interface GatewayTestBed {
  readonly database: TestDatabase<GatewayDatabase>;
  readonly keys: ApiKeyRepository;
  readonly redisPrefix: string;
  /** The settings a gateway of this bed needs, plus the routes file. */
  env(routesFile: string, extra?: Record<string, string>): Record<string, string>;
  drop(): Promise<void>;
}

export async function createGatewayTestBed(label: string): Promise<GatewayTestBed> {
  const database = await createTestDatabase<GatewayDatabase>();
  const redisPrefix = uniqueRedisPrefix(label);
  return {
    database,
    keys: new ApiKeyRepository(database.db),
    redisPrefix,
    env: (routesFile, extra = {}) => ({
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      GATEWAY_REDIS_PREFIX: redisPrefix,
      GATEWAY_ROUTES_FILE: routesFile,
      ...extra,
    }),
    drop: () => database.drop(),
  };
}

/** A response body as the tests read it: JSON:API documents, poked into by member path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any;
export const json = (response: Response): Promise<JsonBody> => response.json();

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** Polls `probe` until it returns true, at most `attempts` times `intervalMs` apart. */
export async function eventually(
  probe: () => Promise<boolean>,
  attempts = 100,
  intervalMs = 50,
): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}
