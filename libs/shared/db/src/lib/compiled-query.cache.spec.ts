import { randomBytes } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { createDatabaseIfMissing, dropDatabase, withDatabase } from './admin';
import { CompiledQueryCache } from './compiled-query.cache';
import { createDatabase } from './database';
import { countUpTo, pageValues, pagedQuery, toPage } from './paging';

interface Db {
  'things.things': { id: string; groupName: string; rank: number; tags: string[] };
}

const SERVER_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = withDatabase(SERVER_URL, `waypost_test_${randomBytes(5).toString('hex')}`);
let db: Kysely<Db>;
let cache: CompiledQueryCache<Db>;

beforeAll(async () => {
  await createDatabaseIfMissing(url);
  db = createDatabase<Db>({ url, maxConnections: 2 });
  await sql`create schema things`.execute(db);
  await sql`create table things.things (
    id text primary key, group_name text not null, rank int not null, tags text[] not null)`.execute(
    db,
  );
  await db
    .insertInto('things.things')
    .values([
      { id: 'a', groupName: 'x', rank: 3, tags: ['red'] },
      { id: 'b', groupName: 'x', rank: 1, tags: ['blue'] },
      { id: 'c', groupName: 'y', rank: 2, tags: ['red', 'blue'] },
    ])
    .execute();
});

beforeEach(() => {
  cache = new CompiledQueryCache(db);
});

afterAll(async () => {
  await db.destroy();
  await dropDatabase(url);
});

const things = () => db.selectFrom('things.things as t').select(['t.id', 't.groupName', 't.rank']);

describe('CompiledQueryCache', () => {
  it('answers each execution with its own values, camelCase, as Kysely itself would', async () => {
    const byGroup = (group: string) =>
      cache.execute('byGroup', { group }, (v) =>
        things().where('t.groupName', '=', v.group).orderBy('t.id'),
      );
    expect(await byGroup('x')).toEqual([
      { id: 'a', groupName: 'x', rank: 3 },
      { id: 'b', groupName: 'x', rank: 1 },
    ]);
    expect(await byGroup('y')).toEqual(
      await things().where('t.groupName', '=', 'y').orderBy('t.id').execute(),
    );
  });

  it('compiles the same SQL as Kysely, with the values as parameters', () => {
    const build = (v: { ids: string[]; rank: number }) =>
      things().where('t.id', 'in', v.ids).where('t.rank', '>', v.rank);
    cache.compile('ids', { ids: ['a'], rank: 0 }, build);
    const compiled = cache.compile('ids', { ids: ['b'], rank: 2 }, build);
    expect(compiled.sql).toBe(build({ ids: ['b'], rank: 2 }).compile().sql);
    expect(compiled.parameters).toEqual(['b', 2]);
  });

  it('tells shapes apart by missing values, array lengths and booleans', async () => {
    const build = (v: { group?: string; ids: string[]; desc: boolean }) =>
      things()
        .$if(v.group !== undefined, (q) => q.where('t.groupName', '=', v.group!))
        .where('t.id', 'in', v.ids)
        .orderBy('t.rank', v.desc ? 'desc' : 'asc');
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    const run = (values: Parameters<typeof build>[0]) => cache.execute('shapes', values, build);
    expect(ids(await run({ group: 'x', ids: ['a', 'b', 'c'], desc: false }))).toEqual(['b', 'a']);
    expect(ids(await run({ ids: ['a', 'b', 'c'], desc: false }))).toEqual(['b', 'c', 'a']);
    expect(ids(await run({ ids: ['a', 'c'], desc: true }))).toEqual(['a', 'c']);
  });

  it('binds an array given as one parameter', async () => {
    const tagged = (tags: string[]) =>
      cache.execute('tagged', { tags }, (v) =>
        things()
          .where(sql<boolean>`t.tags && ${v.tags}::text[]`)
          .orderBy('t.id'),
      );
    expect((await tagged(['red'])).map((r) => r.id)).toEqual(['a', 'c']);
    expect((await tagged(['blue'])).map((r) => r.id)).toEqual(['b', 'c']);
  });

  it('pages and counts through the paging helpers', async () => {
    const sort = [{ field: 'rank' as const, direction: 'asc' as const }];
    const page = async (after?: unknown[]) => {
      const request = { sort, size: 2, after };
      const rows = await cache.execute('page', { page: pageValues(request) }, (v) =>
        pagedQuery(things(), sort, v.page, () => sql.ref('t.rank'), sql.ref('t.id')),
      );
      return toPage(rows, request);
    };
    const first = await page();
    expect(first.rows.map((r) => r.id)).toEqual(['b', 'c']);
    expect(first).toMatchObject({ hasNext: true, hasPrev: false });
    const second = await page([2, 'c']);
    expect(second.rows.map((r) => r.id)).toEqual(['a']);
    expect(second).toMatchObject({ hasNext: false, hasPrev: true });
    const [count] = await cache.execute('count', { limit: 3 }, (v) => countUpTo(things(), v.limit));
    expect(count).toEqual({ n: 3 });
  });

  it('refuses a build that computes with a value instead of binding it', () => {
    expect(() =>
      cache.compile('bad', { group: 'x' }, (v) =>
        things().where('t.groupName', '=', `${v.group}-suffix`),
      ),
    ).toThrow(/bound value/);
  });

  it.each([
    ['arithmetic', (v: { rank: unknown }) => things().where('t.rank', '=', (v.rank as number) + 1)],
    ['a comparison', (v: { rank: unknown }) => things().$if((v.rank as number) < 3, (q) => q)],
    ['a loose equality', (v: { rank: unknown }) => things().$if(v.rank == '3', (q) => q)],
  ])('refuses %s on a bound value', (_what, build) => {
    expect(() => cache.compile('misuse', { rank: 3 }, build)).toThrow(/bound value/);
  });

  it('builds a separate query for a falsy value, so a truthiness check sees the real value', async () => {
    const byGroup = (group: string) =>
      cache.execute('truthy', { group }, (v) =>
        things()
          .$if(Boolean(v.group), (q) => q.where('t.groupName', '=', v.group))
          .orderBy('t.id'),
      );
    expect((await byGroup('x')).map((r) => r.id)).toEqual(['a', 'b']);
    expect((await byGroup('')).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect((await byGroup('y')).map((r) => r.id)).toEqual(['c']);
  });
});
