import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import { ToursDatabase } from '@waypost/tours/schema';
import { PlannedStatement, createPool, explainAnalyze, planNodes } from '@waypost/shared/db';
import { TestDatabase, createTestDatabase } from '@waypost/shared/testing';
import { TourReadRepository, TourSortField, tourSortValue } from './tour.read-repository';

const BERLIN = ['world', 'continent-eu', 'country-de', 'region-de-16', 'city-2950159'];
const LISBON = ['world', 'continent-eu', 'country-pt', 'region-pt-14', 'city-2267057'];
const PARIS = ['world', 'continent-eu', 'country-fr', 'region-fr-11', 'city-2988507'];

/** decision 0005 for tours: a place's page and total read one roll-up index, whatever the place. */
describe('tours rolled up by place', () => {
  let database: TestDatabase<ToursDatabase>;
  let statements: PlannedStatement[];
  let recorded: Kysely<ToursDatabase>;
  let tours: TourReadRepository;

  beforeAll(async () => {
    database = await createTestDatabase<ToursDatabase>();
    const batches: [string[], number][] = [
      [BERLIN, 6_000],
      [LISBON, 80],
      [PARIS, 20_000],
    ];
    for (const [chain, n] of batches) {
      const city = chain.at(-1)!;
      // Every tenth without a price, rating or duration: the fallbacks sort them.
      await sql`
        insert into tours.tours (id, source, source_id, operator, title, duration_minutes,
          price_amount, price_currency, rating_average, rating_count, start_place_id,
          direct_place_ids, place_ids, source_updated_at, content_hash)
        select 'viator-' || ${city} || '-' || i, 'viator', ${city} || i, 'viator',
               initcap(substr(md5(${city} || i), 1, 10)),
               case when i % 10 = 0 then null else 60 + (i % 300) end,
               case when i % 10 = 0 then null else (i % 997) + 0.5 end,
               case when i % 10 = 0 then null else 'EUR' end,
               case when i % 10 = 0 then null else (i % 50) / 10.0 end, i % 100,
               ${city}, array[${city}], ${chain}::text[], now(), 'h'
        from generate_series(1, ${n}::int) as i`.execute(database.db);
    }
    await sql`vacuum analyze tours.tours`.execute(database.db);
    await sql`vacuum analyze tours.tours_by_place`.execute(database.db);
    statements = [];
    recorded = new Kysely<ToursDatabase>({
      dialect: new PostgresDialect({ pool: createPool({ url: database.url }) }),
      plugins: [new CamelCasePlugin()],
      log: (event) => {
        if (event.level === 'query') {
          statements.push({ sql: event.query.sql, parameters: event.query.parameters });
        }
      },
    });
    tours = new TourReadRepository(recorded);
  });

  afterAll(async () => {
    await recorded?.destroy();
    await database?.drop();
  });

  const SORTS: [TourSortField, 'asc' | 'desc'][] = [
    ['price', 'asc'],
    ['rating', 'desc'],
    ['duration', 'asc'],
    ['name', 'asc'],
  ];
  const COLUMNS: Record<TourSortField, string> = {
    name: 'title',
    price: 'coalesce(price_amount, 999999999)',
    rating: 'coalesce(rating_average, 0)',
    duration: 'coalesce(duration_minutes, 2147483647)',
  };

  describe.each([
    ['a large country', 'country-de', 6_000],
    ['a small country', 'country-pt', 80],
  ] as const)('for %s (%s)', (_label, place, size) => {
    it.each(SORTS)(
      'pages by %s %s from its roll-up index, without a sort',
      async (field, direction) => {
        const sort = [{ field, direction }];
        const order = sql.raw(direction);
        const { rows } = await sql<{ id: string }>`
        select id from tours.tours where place_ids @> array[${place}]::text[]
        order by ${sql.raw(COLUMNS[field])} ${order}, id ${order}`.execute(database.db);
        const first = await tours.list({ place }, { sort, size: 20 });
        expect(first.rows.map((r) => r.id)).toEqual(rows.slice(0, 20).map((r) => r.id));

        statements = [];
        const last = first.rows.at(-1)!;
        const second = await tours.list(
          { place },
          { sort, size: 20, after: [tourSortValue(last, field), last.id] },
        );
        expect(second.rows.map((r) => r.id)).toEqual(rows.slice(20, 40).map((r) => r.id));
        expect(await tours.count({ place }, 1000)).toBe(Math.min(size, 1001));
        const [page, count] = await Promise.all(
          statements.map(async (s) => planNodes((await explainAnalyze(database.db, s)).plan)),
        );
        for (const nodes of [page!, count!]) {
          expect(nodes.map((n) => n['Node Type'])).not.toEqual(
            expect.arrayContaining([expect.stringMatching(/^(Sort|Seq Scan|Bitmap Heap Scan)$/)]),
          );
        }
        const scan = page!.find((n) => n['Index Name'] === `tours_by_place_${field}_idx`);
        expect(scan!['Actual Rows']! * scan!['Actual Loops']!).toBeLessThanOrEqual(21);
        const counted = count!.find((n) => n['Relation Name'] === 'tours_by_place');
        expect(counted?.['Node Type']).toBe('Index Only Scan');
      },
    );
  });
});
