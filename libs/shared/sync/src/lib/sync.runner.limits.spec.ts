import { Kysely, sql } from 'kysely';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import { syncTablesMigration } from '@waypost/shared/db';
import { TestDatabase, createTestDatabase } from '@waypost/shared/testing';
import { SourceTimeoutError, loadSyncLimits } from './sync.limits';
import { SyncMetrics } from './sync.metrics';
import { SyncRunner } from './sync.runner';
import { AnySyncSource, SourcePage } from './sync.types';

const SCHEMA = 'sync_limits_test';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const never = () => new Promise<never>(() => undefined);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A source of numbered records; `pages` decides what each pull yields, page by page. */
function source(name: string, pages: () => AsyncIterable<SourcePage<number>>): AnySyncSource {
  return {
    name,
    schedule: { everyMs: 60_000 },
    pull: () => pages(),
    map: async (records) =>
      records.map((n) => ({ outcome: 'upsert' as const, sourceId: String(n), row: n })),
    write: async (_trx, batch) => ({
      inserted: batch.upserts.length,
      updated: 0,
      unchanged: 0,
      deleted: 0,
    }),
  };
}

async function* numbered(count: number, then?: () => Promise<never>) {
  for (let i = 1; i <= count; i++) yield { records: [i], watermark: i };
  if (then) await then();
}

describe('SyncRunner limits: hung sources and stale runs', () => {
  let database: TestDatabase<unknown>;
  let db: Kysely<unknown>;
  const runner = (limits: { pageTimeoutMs?: number; staleRunMs?: number }) =>
    new SyncRunner(db, {
      dataset: 'test',
      schema: SCHEMA,
      metrics: new SyncMetrics(new Registry()),
      logger: silent,
      limits: { ...loadSyncLimits({}), ...limits },
    });
  const runs = (name: string) =>
    sql<{ status: string; error: string | null }>`
      select status, error from ${sql.table(`${SCHEMA}.sync_runs`)} where source = ${name}
      order by id`
      .execute(db)
      .then((result) => result.rows);
  const lockKey = (name: string) => `waypost:sync:${SCHEMA}:${name}`;

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    db = database.db;
    await sql`create schema ${sql.id(SCHEMA)}`.execute(db);
    await syncTablesMigration(SCHEMA).up(db);
  });

  afterAll(async () => {
    await database.drop();
  });

  it('fails a run whose source hangs mid-pull, keeps the pages committed before, and frees the lock', async () => {
    const hanging = source('hanging', () => numbered(2, never));

    await expect(runner({ pageTimeoutMs: 300 }).run(hanging, { trigger: 'test' })).rejects.toThrow(
      SourceTimeoutError,
    );

    expect(await runs('hanging')).toEqual([
      { status: 'failed', error: 'source hanging yielded nothing for 300 ms' },
    ]);
    expect(await runner({}).watermark('hanging')).toBe(2);
    const retried = await runner({}).run(
      source('hanging', () => numbered(3)),
      {
        trigger: 'test',
      },
    );
    expect(retried).toMatchObject({ status: 'succeeded', pages: 3 });
  });

  describe('a lock held by another connection', () => {
    let holder: Client;

    beforeEach(async () => {
      holder = new Client({ connectionString: database.url });
      holder.on('error', () => undefined);
      await holder.connect();
    });
    afterEach(async () => {
      await holder.end().catch(() => undefined);
    });

    const hold = async (name: string, heartbeatAgo: string) => {
      await holder.query('select pg_advisory_lock(hashtext($1))', [lockKey(name)]);
      await holder.query(
        `insert into ${SCHEMA}.sync_runs (source, trigger, stage, status, heartbeat_at)
         values ($1, 'test', 'writing', 'running', now() - $2::interval)`,
        [name, heartbeatAgo],
      );
    };

    it('is taken over when its run has no heartbeat for longer than the limit', async () => {
      await hold('frozen', '1 hour');

      const result = await runner({ staleRunMs: 60_000 }).run(
        source('frozen', () => numbered(1)),
        { trigger: 'test' },
      );

      expect(result).toMatchObject({ status: 'succeeded' });
      expect(await runs('frozen')).toEqual([
        { status: 'abandoned', error: 'no heartbeat for 60000 ms: abandoned, its lock taken over' },
        { status: 'succeeded', error: null },
      ]);
      await expect(holder.query('select 1')).rejects.toThrow();
    });

    it('is left alone while its run beats', async () => {
      await hold('alive', '1 second');

      const result = await runner({ staleRunMs: 60_000 }).run(
        source('alive', () => numbered(1)),
        { trigger: 'test' },
      );

      expect(result).toEqual({
        status: 'skipped',
        reason: 'a run of alive is already in progress',
      });
      expect((await holder.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    });
  });

  it('beats while a slow source is between pages, so a second worker does not take the run over', async () => {
    const slow = source('slow', () =>
      (async function* () {
        yield { records: [1], watermark: 1 };
        await sleep(1_500);
        yield { records: [2], watermark: 2 };
      })(),
    );
    const first = runner({ staleRunMs: 1_000 }).run(slow, { trigger: 'test' });
    await sleep(1_200);

    const second = await runner({ staleRunMs: 1_000 }).run(slow, { trigger: 'test' });

    expect(second).toMatchObject({ status: 'skipped' });
    expect(await first).toMatchObject({ status: 'succeeded', pages: 2 });
  });
});
