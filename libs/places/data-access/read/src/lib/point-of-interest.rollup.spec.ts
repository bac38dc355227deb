import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import { PlannedStatement, createPool, explainAnalyze, planNodes } from '@waypost/shared/db';
import { PlacesDatabase } from '@waypost/places/schema';
import { TestDatabase, createTestDatabase } from '@waypost/shared/testing';
import {
  PointOfInterestReadRepository,
  PointOfInterestSortField,
  pointOfInterestSortValue,
} from './point-of-interest.read-repository';

// [id, level, parent]: a large country, a small one, a city, and filler so neither is the bulk.
const PLACES: [string, string, string | null][] = [
  ['world', 'world', null],
  ['continent-eu', 'continent', 'world'],
  ['country-de', 'country', 'continent-eu'],
  ['region-de-16', 'region', 'country-de'],
  ['city-berlin', 'city', 'region-de-16'],
  ['city-potsdam', 'city', 'region-de-16'],
  ['country-lu', 'country', 'continent-eu'],
  ['city-luxembourg', 'city', 'country-lu'],
  ['country-fr', 'country', 'continent-eu'],
  ['city-paris', 'city', 'country-fr'],
];
// [city, points of interest]: Germany 27,000 of 90,300 (the bench: 27,000 of 1,000,000), Luxembourg 300.
const POIS_PER_CITY: [string, number][] = [
  ['city-berlin', 20_000],
  ['city-potsdam', 7_000],
  ['city-luxembourg', 300],
  ['city-paris', 63_000],
];
const CATEGORIES = ['museum', 'park', 'cafe', 'restaurant', 'church', 'market', 'bar', 'zoo'];

class RolledBack extends Error {}

describe('points of interest rolled up by place', () => {
  let database: TestDatabase<PlacesDatabase>;
  let statements: PlannedStatement[];
  let recorded: Kysely<PlacesDatabase>;
  let repository: PointOfInterestReadRepository;

  beforeAll(async () => {
    database = await createTestDatabase<PlacesDatabase>();
    const { db } = database;
    const chains = new Map<string, string[]>();
    for (const [id, , parent] of PLACES) {
      chains.set(id, parent ? [...chains.get(parent)!, parent] : []);
    }
    await db
      .insertInto('places.places')
      .values(
        PLACES.map(([id, level, parentId]) => ({
          id,
          source: 'test',
          sourceId: id,
          level: level as 'world',
          name: id,
          parentId,
          ancestorIds: chains.get(id)!,
          centroid: sql`ST_SetSRID(ST_MakePoint(0, 0), 4326)`,
          contentHash: id,
          sourceUpdatedAt: new Date(),
        })),
      )
      .execute();
    for (const [city, n] of POIS_PER_CITY) {
      const placeIds = [...chains.get(city)!, city];
      await sql`
        insert into places.points_of_interest (id, source, source_id, name, category, location,
          place_id, place_ids, content_hash, source_updated_at)
        select ${city} || '-' || i, 'test', ${city} || '-' || i,
               initcap(substr(md5(${city} || i), 1, 8)), (${CATEGORIES}::text[])[1 + i % 8],
               ST_SetSRID(ST_MakePoint(0, 0), 4326), ${city}, ${placeIds}::text[], 'h', now()
        from generate_series(1, ${n}::int) as i`.execute(db);
    }
    await sql`vacuum analyze places.points_of_interest`.execute(db);
    await sql`vacuum analyze places.points_of_interest_by_place`.execute(db);

    statements = [];
    recorded = new Kysely<PlacesDatabase>({
      dialect: new PostgresDialect({ pool: createPool({ url: database.url }) }),
      plugins: [new CamelCasePlugin()],
      log: (event) => {
        if (event.level === 'query') {
          statements.push({ sql: event.query.sql, parameters: event.query.parameters });
        }
      },
    });
    repository = new PointOfInterestReadRepository(recorded);
  });

  afterAll(async () => {
    await recorded?.destroy();
    await database?.drop();
  });

  /** The roll-up as place_ids has it, for comparison: every (place, id, name, category). */
  async function expectedRollup(): Promise<string[]> {
    const { rows } = await sql<{ row: string }>`
      select concat_ws('|', u.place, id, name, category) as row
      from places.points_of_interest cross join unnest(place_ids) as u (place)
      order by 1`.execute(database.db);
    return rows.map((r) => r.row);
  }

  async function actualRollup(): Promise<string[]> {
    const { rows } = await sql<{ row: string }>`
      select concat_ws('|', place_id, id, name, category) as row
      from places.points_of_interest_by_place order by 1`.execute(database.db);
    return rows.map((r) => r.row);
  }

  it('is filled by the migration and kept in step by inserts, upserts, deletes and truncate', async () => {
    const { db } = database;
    expect(await actualRollup()).toEqual(await expectedRollup());
    const upsert = (id: string, name: string, category: string, placeIds: string[]) =>
      sql`
      insert into places.points_of_interest as poi (id, source, source_id, name, category,
        location, place_id, place_ids, content_hash, source_updated_at)
      values (${id}, 'test', ${id}, ${name}, ${category}, ST_MakePoint(0, 0), ${placeIds.at(-1)},
              ${placeIds}::text[], ${name + category}, now())
      on conflict (source, source_id) do update set name = excluded.name,
        category = excluded.category, place_id = excluded.place_id,
        place_ids = excluded.place_ids, content_hash = excluded.content_hash`.execute(db);
    const berlin = ['world', 'continent-eu', 'country-de', 'region-de-16', 'city-berlin'];
    const paris = ['world', 'continent-eu', 'country-fr', 'city-paris'];
    await upsert('extra-1', 'Extra One', 'zoo', berlin);
    await upsert('extra-2', 'Extra Two', 'bar', berlin);
    expect((await actualRollup()).filter((r) => r.includes('|extra-1|'))).toHaveLength(5);
    await upsert('extra-1', 'Renamed', 'park', paris);
    await sql`update places.points_of_interest set content_hash = 'other'
      where id = 'extra-2'`.execute(db);
    const rollup = await actualRollup();
    expect(rollup).toEqual(await expectedRollup());
    expect(rollup.filter((r) => r.includes('|extra-1|'))).toEqual(
      paris.map((p) => `${p}|extra-1|Renamed|park`).sort(),
    );
    await sql`delete from places.points_of_interest where id like 'extra-%'`.execute(db);
    expect((await actualRollup()).filter((r) => r.includes('|extra-'))).toEqual([]);
    expect(await actualRollup()).toEqual(await expectedRollup());
    await db
      .transaction()
      .execute(async (trx) => {
        await sql`truncate places.points_of_interest`.execute(trx);
        const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from places.points_of_interest_by_place`.execute(trx);
        expect(rows[0]!.n).toBe(0);
        throw new RolledBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    expect(await actualRollup()).toEqual(await expectedRollup());
    await sql`vacuum analyze places.points_of_interest_by_place`.execute(db);
  });

  const SORTS: [PointOfInterestSortField, 'asc' | 'desc'][] = [
    ['name', 'asc'],
    ['name', 'desc'],
    ['category', 'asc'],
    ['category', 'desc'],
  ];
  const PLACE_CASES = [
    ['a large country', 'country-de', 27_000],
    ['a small country', 'country-lu', 300],
    ['a city', 'city-berlin', 20_000],
  ] as const;

  describe.each(PLACE_CASES)('for %s (%s)', (_label, place, size) => {
    it.each(SORTS)(
      'pages by %s %s like the place_ids reference, forwards and backwards',
      async (field, direction) => {
        const sort = [{ field, direction }];
        const order = direction === 'asc' ? 'asc' : 'desc';
        const { rows } = await sql<{ id: string }>`
          select id from places.points_of_interest where place_ids @> array[${place}]::text[]
          order by ${sql.ref(field)} ${sql.raw(order)}, id ${sql.raw(order)}`.execute(database.db);
        const reference = rows.map((r) => r.id);
        expect(reference).toHaveLength(size);

        const first = await repository.list({ place }, { sort, size: 50 });
        expect(first.rows.map((r) => r.id)).toEqual(reference.slice(0, 50));
        const deep = reference.length > 200 ? 150 : 99;
        const pivot = first.rows.length ? await rowAt(reference[deep]!) : undefined;
        const cursor = [pointOfInterestSortValue(pivot!, field), pivot!.id];
        const after = await repository.list({ place }, { sort, size: 50, after: cursor });
        expect(after.rows.map((r) => r.id)).toEqual(reference.slice(deep + 1, deep + 51));
        const before = await repository.list({ place }, { sort, size: 50, before: cursor });
        expect(before.rows.map((r) => r.id)).toEqual(reference.slice(deep - 50, deep));
        expect(await repository.count({ place }, 1000)).toBe(Math.min(size, 1001));
      },
    );

    it.each(SORTS)(
      'reads the page and the capped total in index order, %s %s, without a sort or a scan of the place',
      async (field, direction) => {
        const sort = [{ field, direction }];
        const first = await repository.list({ place }, { sort, size: 50 });
        const last = first.rows.at(-1)!;
        statements = [];
        await repository.list(
          { place },
          { sort, size: 50, after: [pointOfInterestSortValue(last, field), last.id] },
        );
        await repository.count({ place }, 1000);
        expect(statements).toHaveLength(2);
        const [page, count] = await Promise.all(
          statements.map(async (s) => (await explainAnalyze(database.db, s)).plan),
        );

        const pageNodes = planNodes(page!);
        expect(pageNodes.map((n) => n['Node Type'])).not.toEqual(
          expect.arrayContaining([expect.stringMatching(/^(Sort|Seq Scan|Bitmap Heap Scan)$/)]),
        );
        const rollupScan = pageNodes.find(
          (n) => n['Index Name'] === `points_of_interest_by_place_${field}_idx`,
        );
        expect(rollupScan).toBeDefined();
        // Starts at the cursor and stops after the page (size + 1), whatever the place's size.
        expect(rollupScan!['Actual Rows']! * rollupScan!['Actual Loops']!).toBeLessThanOrEqual(51);

        const countNodes = planNodes(count!);
        expect(countNodes.map((n) => n['Node Type'])).not.toEqual(
          expect.arrayContaining([expect.stringMatching(/^(Sort|Seq Scan|Bitmap Heap Scan)$/)]),
        );
        const countScan = countNodes.find((n) => n['Node Type'] === 'Index Only Scan');
        expect(countScan?.['Relation Name']).toBe('points_of_interest_by_place');
        expect(countScan!['Actual Rows']).toBeLessThanOrEqual(1001);
      },
    );
  });

  async function rowAt(id: string) {
    const [row] = await database.db
      .selectFrom('places.pointsOfInterest')
      .select(['id', 'name', 'category'])
      .where('id', '=', id)
      .execute();
    return row as { id: string; name: string; category: string } & Parameters<
      typeof pointOfInterestSortValue
    >[0];
  }
});
