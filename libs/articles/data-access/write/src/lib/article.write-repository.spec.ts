import { ArticlesDatabase } from '@waypost/articles/schema';
import { TestDatabase, createTestDatabase } from '@waypost/shared/testing';
import { ArticleWrite, ArticleWriteRepository } from './article.write-repository';

const article = (source: string, n: number, overrides: Partial<ArticleWrite> = {}) =>
  ({
    id: `${source}-${n}`,
    source,
    sourceId: String(n),
    kind: 'article',
    title: `Title ${n}`,
    slug: `title-${n}`,
    url: `https://example.com/title-${n}/`,
    excerpt: `Excerpt ${n}`,
    contentHtml: `<p>Body ${n}</p>`,
    author: 'Ana',
    categories: ['city-guides'],
    tags: ['berlin'],
    publishedAt: new Date('2026-01-01T09:00:00Z'),
    modifiedAt: new Date('2026-01-02T09:00:00Z'),
    mentionedPlaceIds: ['city-2950159'],
    placeIds: ['world', 'continent-eu', 'country-de', 'region-de-16', 'city-2950159'],
    contentHash: `hash-${n}`,
    ...overrides,
  }) satisfies ArticleWrite;

describe('ArticleWriteRepository', () => {
  let database: TestDatabase<ArticlesDatabase>;
  const articles = new ArticleWriteRepository();

  beforeEach(async () => {
    database = await createTestDatabase<ArticlesDatabase>();
  });

  afterEach(async () => {
    await database.drop();
  });

  const rows = () =>
    database.db.selectFrom('articles.articles').selectAll().orderBy('id').execute();

  it('inserts, skips unchanged rows and rewrites only rows whose hash changed', async () => {
    const db = database.db;
    expect(await articles.upsert(db, [article('wp-a', 1), article('wp-a', 2)])).toEqual({
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    const before = await rows();

    const counts = await articles.upsert(db, [
      article('wp-a', 1),
      article('wp-a', 2, { title: 'Retitled', contentHash: 'hash-2b' }),
      article('wp-b', 1),
    ]);

    expect(counts).toEqual({ inserted: 1, updated: 1, unchanged: 1 });
    const after = await rows();
    expect(after.map((r) => [r.id, r.title])).toEqual([
      ['wp-a-1', 'Title 1'],
      ['wp-a-2', 'Retitled'],
      ['wp-b-1', 'Title 1'],
    ]);
    expect(after[0]!.syncedAt).toEqual(before[0]!.syncedAt);
    expect(after[0]).toMatchObject({ tags: ['berlin'], placeIds: article('wp-a', 1).placeIds });
  });

  it("deletes and lists one source's articles by source id", async () => {
    const db = database.db;
    await articles.upsert(db, [article('wp-a', 1), article('wp-a', 2), article('wp-b', 2)]);

    expect(await articles.sourceIds(db, 'wp-a')).toEqual(['1', '2']);
    expect(await articles.delete(db, 'wp-a', ['2', '3'])).toBe(1);
    expect(await articles.delete(db, 'wp-a', [])).toBe(0);
    expect((await rows()).map((r) => r.id)).toEqual(['wp-a-1', 'wp-b-2']);
  });
});
