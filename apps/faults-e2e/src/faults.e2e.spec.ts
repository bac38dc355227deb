import { Client } from 'pg';
import { waitFor } from '@waypost/shared/testing';
import {
  ThrowAwayPostgres,
  ThrowAwayRedis,
  startThrowAwayPostgres,
  startThrowAwayRedis,
} from './lib/managed.process';
import { FaultPlatform, startFaultPlatform } from './lib/platform';

const CONCURRENCY = 8;

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

/**
 * Runs `concurrency` request loops; `during` is called once `count / 4` answers are in, and the
 * loops go on until it has resolved and `count` answers are in. Every answer, in completion order.
 */
async function underLoad(
  send: () => Promise<Answer>,
  count: number,
  during: () => Promise<unknown> = async () => undefined,
  concurrency = CONCURRENCY,
): Promise<Answer[]> {
  const answers: Answer[] = [];
  let fault: Promise<unknown> | undefined;
  let faultDone = false;
  const loops = Array.from({ length: concurrency }, async () => {
    while (!faultDone || answers.length < count) {
      answers.push(await send());
      if (!fault && answers.length >= count / 4) {
        fault = during().finally(() => (faultDone = true));
      }
      if (fault && !faultDone && answers.length >= count) await fault;
    }
  });
  await Promise.all(loops);
  return answers;
}

async function query<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('faults, end to end, with real processes on a PostgreSQL and a Redis of their own', () => {
  let postgres: ThrowAwayPostgres;
  let redis: ThrowAwayRedis;
  let platform: FaultPlatform;
  let get: (path: string, key?: string) => Promise<Answer>;

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startThrowAwayPostgres(), startThrowAwayRedis()]);
    platform = await startFaultPlatform({
      databaseUrl: postgres.url('waypost'),
      redisUrl: redis.url,
      firstPartyRequestsPerWindow: 1_000_000,
      syncEveryMs: 2_000,
      secondPlacesApi: true,
      placesSyncEnv: { SYNC_PAGE_SIZE: '50' },
    });
    get = async (path, key = platform.apiKey) => {
      const response = await fetch(`${platform.gatewayUrl}${path}`, {
        headers: { authorization: `Bearer ${key}` },
        signal: AbortSignal.timeout(15_000),
      });
      return { status: response.status, headers: response.headers, body: await response.text() };
    };
  });

  afterAll(async () => {
    if (redis?.process.exited()) redis.process.restart();
    await platform?.stop();
    await redis?.stop();
    await postgres?.stop();
  });

  /**
   * Adds `added` points of interest to the CMS, applies `fault` once a run of their source is
   * mid-way, and waits until every one of them is in the target exactly once; the run statuses.
   */
  async function syncThrough(label: string, fault: () => Promise<void>): Promise<string[]> {
    const added = 2_000;
    await query(
      platform.cmsUrl,
      `insert into points_of_interest (place_id, name, category, description, latitude, longitude, updated_at)
       select place_id, name || ' ${label} ' || g, category, description, latitude, longitude, now()
       from (select * from points_of_interest where deleted_at is null order by id limit 1) poi,
            generate_series(1, $1) g`,
      [added],
    );
    await waitFor('a run of cms-points-of-interest to be mid-way', async () => {
      const [run] = await query<{ inserted: number }>(
        platform.databaseUrl,
        `select (counts->>'inserted')::int as inserted from places.sync_runs
         where source = 'cms-points-of-interest' and status = 'running' order by id desc limit 1`,
      );
      return run && run.inserted > 0 && run.inserted < added ? true : undefined;
    });

    await fault();

    const copies = () =>
      query<{ rows: number; ids: number }>(
        platform.databaseUrl,
        `select count(*)::int as rows, count(distinct source_id)::int as ids
         from places.points_of_interest where name like '% ${label} %'`,
      ).then((rows) => rows[0]!);
    await waitFor(
      `every point of interest added before the ${label} to be synced`,
      async () => ((await copies()).rows === added ? true : undefined),
      { timeoutMs: 90_000 },
    );
    expect(await copies()).toEqual({ rows: added, ids: added });
    const runs = await query<{ status: string }>(
      platform.databaseUrl,
      `select status from places.sync_runs where source = 'cms-points-of-interest' order by id`,
    );
    return runs.map((r) => r.status);
  }

  it('a sync worker killed with SIGKILL mid-batch resumes after a restart, and the counts reconcile', async () => {
    const sync = platform.apps.get('places-sync')!;
    const statuses = await syncThrough('kill', async () => {
      await sync.kill('SIGKILL');
      sync.restart();
    });
    expect(statuses).toContain('abandoned');
  });

  it('PostgreSQL restarted in the middle of a sync: the target reconciles, nothing lost or doubled', async () => {
    const statuses = await syncThrough('restart', () => postgres.restart());
    expect(statuses.at(-1)).toBe('succeeded');
    // The APIs and the gateway reconnect too.
    await waitFor('the gateway to serve again', async () =>
      (await get('/v1/places/country-de')).status === 200 ? true : undefined,
    );
  });

  it('an API killed under load fails only the requests in flight on it, and serves again once back', async () => {
    const api = platform.apps.get('places-api')!;

    const during = await underLoad(
      () => get('/v1/places/country-de'),
      400,
      () => api.kill('SIGKILL'),
    );

    const failed = during.filter((answer) => answer.status !== 200);
    expect(failed.length).toBeLessThanOrEqual(CONCURRENCY);
    for (const answer of failed) expect(JSON.parse(answer.body).errors).toBeDefined();

    api.restart();
    await waitFor('places-api to be ready again', async () =>
      (await fetch(`${api.url}/health/ready`)).ok ? true : undefined,
    );
    const after = await underLoad(() => get('/v1/places/country-de'), 100);
    expect(after.filter((answer) => answer.status !== 200)).toEqual([]);
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/places\/:id"[^}]*\} [1-9]/,
    );
  });

  it('Redis restarted under load: open plans are served, closed plans get 503, and both count again after; schedules resume without overlapping runs', async () => {
    const trial = (await platform.keys.create({ name: 'trial', plan: 'trial' })).key;
    // A key with no requests reserved on this replica yet: its first request needs Redis.
    const fresh = (await platform.keys.create({ name: 'fresh', plan: 'first-party' })).key;
    const restartedAt = Date.now() / 1000;
    await redis.process.kill('SIGKILL');

    const open = await get('/v1/places/world', fresh);
    expect(open.status).toBe(200);
    expect(open.headers.get('ratelimit-limit')).toBe('1000000');
    expect(open.headers.get('ratelimit-remaining')).toBeNull();
    const closed = await get('/v1/places/world', trial);
    expect(closed.status).toBe(503);
    expect(closed.headers.get('retry-after')).not.toBeNull();
    expect(JSON.parse(closed.body).errors[0].status).toBe('503');

    redis.process.restart();
    await redis.ready();
    await waitFor('the gateway to count again', async () => {
      const answer = await get('/v1/places/world', trial);
      return answer.status === 200 && answer.headers.get('ratelimit-remaining') !== null
        ? true
        : undefined;
    });
    const counted = await get('/v1/places/world');
    expect(counted.headers.get('ratelimit-remaining')).not.toBeNull();

    const sync = platform.apps.get('places-sync')!;
    await waitFor(
      'a scheduled places sync after the restart',
      async () => {
        const metrics = await (await fetch(`${sync.url}/metrics`)).text();
        const match = metrics.match(
          /sync_last_success_timestamp_seconds\{[^}]*source="cms-places"[^}]*\} ([\d.]+)/,
        );
        return match && Number(match[1]) > restartedAt ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const overlaps = await query<{ source: string }>(
      platform.databaseUrl,
      `select a.source from places.sync_runs a join places.sync_runs b
         on a.source = b.source and a.id < b.id
       where a.status <> 'abandoned' and b.started_at < coalesce(a.finished_at, now())`,
    );
    expect(overlaps).toEqual([]);
  });
});
