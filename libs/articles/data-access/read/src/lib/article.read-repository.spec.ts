import { Insertable } from 'kysely';
import { ArticlesDatabase, ArticlesTable } from '@waypost/articles/schema';
import { TestDatabase, createTestDatabase } from '@waypost/shared/testing';
import { PageRequest } from '@waypost/shared/db';
import { ArticleReadRepository, ArticleSortField } from './article.read-repository';

const BERLIN = ['world', 'continent-eu', 'country-de', 'region-de-16', 'city-2950159'];
const LISBON = ['world', 'continent-eu', 'country-pt', 'region-pt-11', 'city-2267057'];

function article(n: number, overrides: Partial<Insertable<ArticlesTable>> = {}) {
  return {
    id: `wp-guides-${n}`,
    source: 'wp-guides',
    sourceId: String(n),
    kind: 'article' as const,
    title: `Title ${String(n).padStart(2, '0')}`,
    slug: `title-${n}`,
    url: `https://guides.example.com/title-${n}/`,
    excerpt: `Excerpt ${n}`,
    contentHtml: `<p>Body ${n}</p>`,
    author: 'Ana',
    categories: ['guides'],
    tags: [],
    // Two articles per day, so the id has to break ties.
    publishedAt: new Date(Date.UTC(2024, 4, 1 + Math.floor(n / 2), 9)),
    modifiedAt: new Date(Date.UTC(2024, 5, 1)),
    mentionedPlaceIds: ['city-2950159'],
    placeIds: BERLIN,
    contentHash: `hash-${n}`,
    ...overrides,
  };
}

describe('ArticleReadRepository', () => {
  let database: TestDatabase<ArticlesDatabase>;
  let articles: ArticleReadRepository;

  beforeAll(async () => {
    database = await createTestDatabase<ArticlesDatabase>();
    articles = new ArticleReadRepository(database.db);
    await database.db
      .insertInto('articles.articles')
      .values([
        ...Array.from({ length: 9 }, (_, i) => article(i + 1)),
        article(10, { kind: 'news', categories: ['events', 'guides'] }),
        article(11, {
          categories: ['food'],
          mentionedPlaceIds: ['city-2267057'],
          placeIds: LISBON,
        }),
      ])
      .execute();
  });

  afterAll(async () => {
    await database?.drop();
  });

  const newest: PageRequest<ArticleSortField> = {
    sort: [{ field: 'publishedAt', direction: 'desc' }],
    size: 4,
  };
  const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id);
  const cursorOf = (row: { publishedAt: Date; id: string }) => [row.publishedAt, row.id];

  it('pages forwards and backwards over equal publication times without gaps or repeats', async () => {
    const filter = { kind: 'article' as const, place: 'country-de' };
    const everything = await articles.list(filter, { ...newest, size: 100 });
    expect(ids(everything.rows)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1].map((n) => `wp-guides-${n}`));

    const seen: string[] = [];
    let page = await articles.list(filter, newest);
    expect(page.hasPrev).toBe(false);
    seen.push(...ids(page.rows));
    while (page.hasNext) {
      page = await articles.list(filter, { ...newest, after: cursorOf(page.rows.at(-1)!) });
      seen.push(...ids(page.rows));
    }
    expect(seen).toEqual(ids(everything.rows));

    const before = await articles.list(filter, { ...newest, before: cursorOf(page.rows[0]) });
    expect(ids(before.rows)).toEqual(ids(everything.rows).slice(4, 8));
    expect(before).toMatchObject({ hasNext: true, hasPrev: true });
  });

  it('rolls places up, or keeps the places an article mentions itself', async () => {
    const germany = await articles.list({ place: 'country-de' }, { ...newest, size: 100 });
    expect(germany.rows).toHaveLength(10);
    expect(await articles.count({ place: 'continent-eu' }, 100)).toBe(11);
    expect(await articles.count({ placeDirect: 'country-de' }, 100)).toBe(0);
    const lisbon = await articles.list({ placeDirect: 'city-2267057' }, newest);
    expect(ids(lisbon.rows)).toEqual(['wp-guides-11']);
  });

  it('matches any of the categories, the kind and open publication bounds', async () => {
    expect(await articles.count({ category: ['events', 'food'] }, 100)).toBe(2);
    expect(await articles.count({ kind: 'news' }, 100)).toBe(1);
    const bounded = await articles.list(
      {
        publishedAfter: new Date(Date.UTC(2024, 4, 2, 9)),
        publishedBefore: new Date(Date.UTC(2024, 4, 4, 9)),
      },
      { sort: [{ field: 'title', direction: 'asc' }], size: 10 },
    );
    // Published on May 3 only: 4 and 5; the bounds themselves (May 2 and May 4, 09:00) are out.
    expect(ids(bounded.rows)).toEqual(['wp-guides-4', 'wp-guides-5']);
  });

  it('counts up to the cap, and finds one article only under its own kind', async () => {
    expect(await articles.count({}, 5)).toBe(6);
    expect(await articles.findById('wp-guides-10', 'article')).toBeUndefined();
    const news = await articles.findById('wp-guides-10', 'news');
    expect(news).toMatchObject({ kind: 'news', contentHtml: '<p>Body 10</p>' });
    const withoutContent = await articles.findById('wp-guides-10', 'news', { withContent: false });
    expect(withoutContent).not.toHaveProperty('contentHtml');
  });
});
