import { Injectable, Module } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { TEST_REDIS_URL, TEST_SERVER_URL } from '@waypost/shared/testing';
import { Redis } from 'ioredis';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import {
  HealthIndicatorService,
  HealthModule,
  PostgresHealthIndicator,
  RedisHealthIndicator,
} from '../index';

const DATABASE = Symbol('DATABASE');
const POOL = Symbol('POOL');
const REDIS = Symbol('REDIS');
const CLOSED_PORT_PG = Object.assign(new URL(TEST_SERVER_URL), { port: '1' }).href;
const CLOSED_PORT_REDIS = 'redis://127.0.0.1:1';

/** Stands in for an indicator another lib defines (the BullMQ one): built from `providers`. */
@Injectable()
class WorkerHealthIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  check(running: boolean) {
    const indicator = this.indicators.check('worker');
    return running ? indicator.up() : indicator.down({ message: 'not running' });
  }
}

interface Dependencies {
  readonly db: Kysely<unknown>;
  readonly pool: Pool;
  readonly redis: Redis;
}

async function startApp(deps: Dependencies): Promise<NestFastifyApplication> {
  @Module({
    providers: [
      { provide: DATABASE, useValue: deps.db },
      { provide: POOL, useValue: deps.pool },
      { provide: REDIS, useValue: deps.redis },
    ],
    exports: [DATABASE, POOL, REDIS],
  })
  class DependenciesModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [
      HealthModule.forRoot({
        imports: [DependenciesModule],
        providers: [WorkerHealthIndicator],
        inject: [
          PostgresHealthIndicator,
          RedisHealthIndicator,
          WorkerHealthIndicator,
          DATABASE,
          POOL,
          REDIS,
        ],
        useFactory: (
          postgres: PostgresHealthIndicator,
          redis: RedisHealthIndicator,
          worker: WorkerHealthIndicator,
          db: Kysely<unknown>,
          pool: Pool,
          client: Redis,
        ) => [
          () => postgres.pingCheck('postgres', db),
          () => postgres.pingCheck('postgres-pool', pool, { timeoutMs: 500 }),
          () => redis.pingCheck('redis', client, { timeoutMs: 500 }),
          () => worker.check(true),
        ],
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  await app.init();
  return app;
}

function dependencies(postgresUrl: string, redisUrl: string): Dependencies {
  // Otherwise disconnecting a client that never connected waits 2 s for a socket already closed.
  const redis = new Redis(redisUrl, { disconnectTimeout: 0 });
  redis.on('error', () => undefined); // a client to a closed port reports each reconnect attempt
  return {
    db: new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new Pool({ connectionString: postgresUrl }) }),
    }),
    pool: new Pool({ connectionString: postgresUrl }),
    redis,
  };
}

async function release(deps: Dependencies): Promise<void> {
  await deps.db.destroy();
  await deps.pool.end();
  deps.redis.disconnect();
}

describe('HealthModule', () => {
  describe('with every dependency up', () => {
    let deps: Dependencies;
    let app: NestFastifyApplication;

    beforeAll(async () => {
      deps = dependencies(TEST_SERVER_URL, TEST_REDIS_URL);
      app = await startApp(deps);
    });
    afterAll(async () => {
      await app.close();
      await release(deps);
    });

    it('answers ready with every indicator up', async () => {
      const response = await app.inject({ url: '/health/ready' });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        status: 'ok',
        info: {
          postgres: { status: 'up' },
          'postgres-pool': { status: 'up' },
          redis: { status: 'up' },
          worker: { status: 'up' },
        },
        error: {},
        details: {
          postgres: { status: 'up' },
          'postgres-pool': { status: 'up' },
          redis: { status: 'up' },
          worker: { status: 'up' },
        },
      });
    });

    it('answers live without checking dependencies', async () => {
      const response = await app.inject({ url: '/health/live' });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    });
  });

  describe('with PostgreSQL and Redis on closed ports', () => {
    let deps: Dependencies;
    let app: NestFastifyApplication;

    beforeAll(async () => {
      deps = dependencies(CLOSED_PORT_PG, CLOSED_PORT_REDIS);
      app = await startApp(deps);
    });
    afterAll(async () => {
      await app.close();
      await release(deps);
    });

    it('answers ready with 503 naming each dependency that is down', async () => {
      const response = await app.inject({ url: '/health/ready' });

      expect(response.statusCode).toBe(503);
      const body = response.json();
      expect(body).toMatchObject({
        status: 'error',
        info: { worker: { status: 'up' } },
        error: {
          postgres: { status: 'down', message: expect.stringMatching(/ECONNREFUSED/) },
          'postgres-pool': { status: 'down', message: expect.stringMatching(/ECONNREFUSED/) },
          redis: { status: 'down', message: 'timed out after 500 ms' },
        },
      });
      expect(Object.keys(body.error).sort()).toEqual(['postgres', 'postgres-pool', 'redis']);
    }, 5_000);

    it('still answers live', async () => {
      const response = await app.inject({ url: '/health/live' });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: 'ok' });
    });
  });
});
