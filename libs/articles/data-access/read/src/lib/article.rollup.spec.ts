import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import { ArticlesDatabase } from '@waypost/articles/schema';
import { PlannedStatement, createPool, explainAnalyze, planNodes } from '@waypost/shared/db';
import { TestDatabase, createTestDatabase } from '@waypost/shared/testing';
import { ArticleReadRepository, ArticleRow, ArticleSortField } from './article.read-repository';

const BERLIN = ['world', 'continent-eu', 'country-de', 'region-de-16', 'city-2950159'];
const LISBON = ['world', 'continent-eu', 'country-pt', 'region-pt-11', 'city-2267057'];
const PARIS = ['world', 'continent-eu', 'country-fr', 'region-fr-11', 'city-2988507'];

describe('articles rolled up by place, per kind', () => {
  let database: TestDatabase<ArticlesDatabase>;
  let statements: PlannedStatement[];
  let recorded: Kysely<ArticlesDatabase>;
  let articles: ArticleReadRepository;

  beforeAll(async () => {
    database = await createTestDatabase<ArticlesDatabase>();
    // [chain, kind, how many]: Germany's articles a minority, its news more numerous still.
    const batches: [string[], string, number][] = [
      [BERLIN, 'article', 6_000],
      [BERLIN, 'news', 12_000],
      [LISBON, 'article', 80],
      [PARIS, 'article', 30_000],
    ];
    for (const [chain, kind, n] of batches) {
      const city = chain.at(-1)!;
      await sql`
        insert into articles.articles (id, source, source_id, kind, title, slug, url, excerpt,
          content_html, author, categories, tags, published_at, modified_at, mentioned_place_ids,
          place_ids, content_hash)
        select ${kind} || '-' || ${city} || '-' || i, 'wp', ${kind} || ${city} || i, ${kind},
               initcap(substr(md5(${city} || i), 1, 10)), 's', 'u', 'e', '<p></p>', 'a', '{}', '{}',
               timestamptz '2024-01-01' + (i % 5000) * interval '1 hour', now(),
               array[${city}], ${chain}::text[], 'h'
        from generate_series(1, ${n}::int) as i`.execute(database.db);
    }
    await sql`vacuum analyze articles.articles`.execute(database.db);
    await sql`vacuum analyze articles.articles_by_place`.execute(database.db);
    statements = [];
    recorded = new Kysely<ArticlesDatabase>({
      dialect: new PostgresDialect({ pool: createPool({ url: database.url }) }),
      plugins: [new CamelCasePlugin()],
      log: (event) => {
        if (event.level === 'query') {
          statements.push({ sql: event.query.sql, parameters: event.query.parameters });
        }
      },
    });
    articles = new ArticleReadRepository(recorded);
  });

  afterAll(async () => {
    await recorded?.destroy();
    await database?.drop();
  });

  it('keeps the roll-up equal to place_ids through a change of kind, title and places', async () => {
    const { db } = database;
    const rollup = async () =>
      (
        await sql<{ row: string }>`select concat_ws('|', place_id, id, kind, published_at, title)
          as row from articles.articles_by_place order by 1`.execute(db)
      ).rows.map((r) => r.row);
    const expected = async () =>
      (
        await sql<{ row: string }>`select concat_ws('|', u.place, id, kind, published_at, title)
          as row from articles.articles cross join unnest(place_ids) as u (place)
          order by 1`.execute(db)
      ).rows.map((r) => r.row);
    expect(await rollup()).toEqual(await expected());
    await sql`update articles.articles set kind = 'news', title = 'Moved',
      place_ids = ${PARIS}::text[] where id = 'article-city-2267057-1'`.execute(db);
    expect(await rollup()).toEqual(await expected());
    await sql`update articles.articles set kind = 'article', title = 'Back',
      place_ids = ${LISBON}::text[] where id = 'article-city-2267057-1'`.execute(db);
    expect(await rollup()).toEqual(await expected());
    await sql`vacuum analyze articles.articles_by_place`.execute(db);
  });

  const SORTS: [ArticleSortField, 'asc' | 'desc'][] = [
    ['publishedAt', 'desc'],
    ['publishedAt', 'asc'],
    ['title', 'asc'],
    ['title', 'desc'],
  ];
  const cursorOf = (row: ArticleRow, field: ArticleSortField) => [
    field === 'publishedAt' ? row.publishedAt.toISOString() : row.title,
    row.id,
  ];

  describe.each([
    ['a large country', 'country-de', 6_000],
    ['a small country', 'country-pt', 80],
  ] as const)('for %s (%s)', (_label, place, size) => {
    it.each(SORTS)(
      'pages by %s %s from the roll-up index of the kind, without a sort',
      async (field, direction) => {
        const sort = [{ field, direction }];
        const filter = { kind: 'article' as const, place };
        const order = sql.raw(direction);
        const column = sql.ref(field === 'publishedAt' ? 'published_at' : 'title');
        const { rows } = await sql<{ id: string }>`
          select id from articles.articles
          where kind = 'article' and place_ids @> array[${place}]::text[]
          order by ${column} ${order}, id ${order}`.execute(database.db);
        const first = await articles.list(filter, { sort, size: 20 }, { withContent: false });
        expect(first.rows.map((r) => r.id)).toEqual(rows.slice(0, 20).map((r) => r.id));

        statements = [];
        const second = await articles.list(
          filter,
          { sort, size: 20, after: cursorOf(first.rows.at(-1)!, field) },
          { withContent: false },
        );
        expect(second.rows.map((r) => r.id)).toEqual(rows.slice(20, 40).map((r) => r.id));
        expect(await articles.count(filter, 1000)).toBe(Math.min(size, 1001));
        const [page, count] = await Promise.all(
          statements.map(async (s) => planNodes((await explainAnalyze(database.db, s)).plan)),
        );
        for (const nodes of [page!, count!]) {
          expect(nodes.map((n) => n['Node Type'])).not.toEqual(
            expect.arrayContaining([expect.stringMatching(/^(Sort|Seq Scan|Bitmap Heap Scan)$/)]),
          );
        }
        const index = field === 'publishedAt' ? 'published_at' : 'title';
        const scan = page!.find((n) => n['Index Name'] === `articles_by_place_${index}_idx`);
        expect(scan!['Actual Rows']! * scan!['Actual Loops']!).toBeLessThanOrEqual(21);
        const counted = count!.find((n) => n['Relation Name'] === 'articles_by_place');
        expect(counted?.['Node Type']).toBe('Index Only Scan');
      },
    );
  });
});
