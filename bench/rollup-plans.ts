import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import { DEFAULT_DATABASE_URL, envUrl } from '@waypost/shared/config';
import {
  PlannedStatement,
  createPool,
  explainAnalyze,
  planSummary,
  withDatabase,
} from '@waypost/shared/db';
import { PlacesDatabase } from '@waypost/places/schema';
import {
  PointOfInterestReadRepository,
  PointOfInterestSortField,
} from '@waypost/places/data-access/read';

/*
 * `node -r ./tools/register.js bench/rollup-plans.ts`: what PostgreSQL spends on a page of a
 * place's points of interest and its capped total, for a large country, a small country and a
 * city, under every sort the API offers: the statements places-api's read repository sends,
 * EXPLAIN ANALYZEd (median of 9 after a warm-up) on the bench database of the last `npm run bench`
 * (waypost_bench, 1,000,000 POIs). DATABASE_URL names the server.
 */

const PLACES = [
  ['large country', 'country-de'],
  ['small country', 'country-lu'],
  ['city', 'city-2950159'],
] as const;
const SORTS: [PointOfInterestSortField, 'asc' | 'desc'][] = [
  ['name', 'asc'],
  ['name', 'desc'],
  ['category', 'asc'],
  ['category', 'desc'],
];
const PAGE_SIZE = 50;
const TOTAL_CAP = 1000;
const RUNS = 9;

async function main(): Promise<void> {
  const server = envUrl(process.env, 'DATABASE_URL', DEFAULT_DATABASE_URL, [
    'postgres:',
    'postgresql:',
  ]);
  const url = withDatabase(server, 'waypost_bench');
  const statements: PlannedStatement[] = [];
  const db = new Kysely<PlacesDatabase>({
    dialect: new PostgresDialect({ pool: createPool({ url }) }),
    plugins: [new CamelCasePlugin()],
    log: (event) => {
      if (event.level === 'query') {
        statements.push({ sql: event.query.sql, parameters: event.query.parameters });
      }
    },
  });
  const repository = new PointOfInterestReadRepository(db);
  const rows: string[][] = [
    ['place', 'sort', 'rows', 'page ms', 'page 2 ms', 'total ms', 'plan of page 2'],
  ];
  try {
    for (const [label, place] of PLACES) {
      for (const [field, direction] of SORTS) {
        const sort = [{ field, direction }];
        statements.length = 0;
        const first = await repository.list({ place }, { sort, size: PAGE_SIZE });
        const total = await repository.count({ place }, TOTAL_CAP);
        const last = first.rows.at(-1)!;
        await repository.list({ place }, { sort, size: PAGE_SIZE, after: [last[field], last.id] });
        const [page, count, second] = statements;
        const [pageMs] = await timed(db, page!);
        const [countMs] = await timed(db, count!);
        const [secondMs, plan] = await timed(db, second!);
        rows.push([
          label,
          `${direction === 'desc' ? '-' : ''}${field}`,
          total > TOTAL_CAP ? `>${TOTAL_CAP}` : String(total),
          pageMs.toFixed(2),
          secondMs.toFixed(2),
          countMs.toFixed(2),
          plan,
        ]);
      }
    }
  } finally {
    await db.destroy();
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
}

/** Median planning + execution time (ms) of a statement over RUNS runs, after one, and its plan. */
async function timed(
  db: Kysely<PlacesDatabase>,
  statement: PlannedStatement,
): Promise<[number, string]> {
  const times: number[] = [];
  let plan = '';
  for (let i = 0; i <= RUNS; i++) {
    const explained = await explainAnalyze(db, statement);
    plan = planSummary(explained.plan);
    if (i > 0) times.push(explained.ms);
  }
  times.sort((a, b) => a - b);
  return [times[Math.floor(times.length / 2)]!, plan];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
