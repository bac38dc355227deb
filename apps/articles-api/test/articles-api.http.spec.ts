import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { sql } from 'kysely';
import { ArticlesDatabase } from '@waypost/articles/schema';
import {
  JsonApiAnswer,
  JsonApiGet,
  TestDatabase,
  createJsonApiClient,
  createTestDatabase,
} from '@waypost/shared/testing';
import { loadArticlesApiConfig } from '../src/articles-api.config';
import { createArticlesApi } from '../src/articles-api.app';
import { ARTICLE_IDS_NEWEST_FIRST, insertArticleFixture } from './support/article.fixtures';

// Links are built on the public base URL (the gateway's /v1 in a deployment), not on the socket.
const PUBLIC_BASE_URL = 'https://api.waypost.test/v1';
const PAGINATED =
  'application/vnd.api+json; profile="https://jsonapi.org/profiles/ethanresnick/cursor-pagination"';

async function startApi(databaseUrl: string) {
  const config = loadArticlesApiConfig({
    DATABASE_URL: databaseUrl,
    PUBLIC_BASE_URL,
    LOG_LEVEL: 'silent',
  });
  const app = await createArticlesApi(config);
  await app.listen(0, '127.0.0.1');
  const origin = await app.getUrl();
  // Every answer is held to JSON:API 1.1 and to openapi/articles.yaml; links are followed here.
  const get = createJsonApiClient({
    origin,
    publicBaseUrl: PUBLIC_BASE_URL,
    specs: [{ name: 'articles' }],
  });
  return { app, origin, get };
}

describe('articles-api over HTTP', () => {
  let database: TestDatabase<ArticlesDatabase>;
  let app: NestFastifyApplication;
  let origin: string;
  let get: JsonApiGet;

  beforeAll(async () => {
    database = await createTestDatabase<ArticlesDatabase>();
    await insertArticleFixture(database.db);
    ({ app, origin, get } = await startApi(database.url));
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const ids = (answer: JsonApiAnswer): string[] =>
    answer.body.data.map((r: { id: string }) => r.id);

  it('serves articles newest first, news apart, each at its own self link', async () => {
    const articles = await get('/articles');
    expect(articles.status).toBe(200);
    expect(articles.headers.get('content-type')).toBe(PAGINATED);
    expect(ids(articles)).toEqual(ARTICLE_IDS_NEWEST_FIRST);
    expect(articles.body.meta).toEqual({ page: { total: 10 } });
    expect(articles.body.links).toMatchObject({
      self: `${PUBLIC_BASE_URL}/articles`,
      next: null,
      prev: null,
    });

    const news = await get('/news');
    expect(ids(news)).toEqual(['wp-news-201', 'wp-news-202']);
    expect(news.body.data[0].type).toBe('news');

    const first = articles.body.data[0];
    const one = await get(first.links.self);
    expect(one.headers.get('content-type')).toBe('application/vnd.api+json');
    expect(one.body.data).toEqual(first);
    expect(one.body.data).toEqual({
      type: 'articles',
      id: 'wp-guides-103',
      attributes: {
        title: "Lisbon's viewpoints",
        slug: 'lisbon-s-viewpoints',
        url: 'https://wp-guides.example.com/lisbon-s-viewpoints/',
        excerpt: "About Lisbon's viewpoints.",
        contentHtml: "<p>Lisbon's viewpoints, in full.</p>",
        author: 'Lena Vogel',
        categories: ['city-guides'],
        tags: ['travel'],
        publishedAt: '2024-05-12T17:00:00.000Z',
        modifiedAt: '2024-05-12T17:00:00.000Z',
      },
      relationships: { places: { data: [{ type: 'places', id: 'city-2267057' }] } },
      links: { self: `${PUBLIC_BASE_URL}/articles/wp-guides-103` },
    });
    const packing = await get('/articles/wp-guides-104');
    expect(packing.body.data.relationships.places).toEqual({ data: [] });
    expect(packing.body.data.attributes.author).toBeNull();

    expect((await get('/news/wp-news-201')).body.data.type).toBe('news');
    const wrongKind = await get('/articles/wp-news-201');
    expect(wrongKind.status).toBe(404);
    expect(wrongKind.body.errors[0].detail).toContain('wp-news-201');
    expect((await get('/news/wp-guides-101')).status).toBe(404);
  });

  it('rolls places up: an article mentioning Mitte is found under Germany', async () => {
    const germany = await get('/articles?filter[place]=country-de');
    expect(ids(germany)).toEqual(
      ARTICLE_IDS_NEWEST_FIRST.filter((id) => !['wp-guides-103', 'wp-guides-104'].includes(id)),
    );
    expect(ids(germany)).toContain('wp-guides-101');
    expect(ids(await get('/articles?filter%5Bplace%5D=neighborhood-2950159-mitte'))).toEqual([
      'wp-guides-101',
    ]);
    expect(ids(await get('/articles?filter[place]=city-2911298'))).toEqual(['wp-guides-102']);
    expect(ids(await get('/news?filter[place]=country-de'))).toEqual(['wp-news-201']);

    expect(ids(await get('/articles?filter[place.direct]=country-de'))).toEqual([]);
    expect(ids(await get('/articles?filter[place.direct]=city-2950159&page[size]=3'))).toEqual([
      'wp-guides-102',
      'wp-guides-116',
      'wp-guides-115',
    ]);
  });

  it('filters by category and publication time', async () => {
    expect(ids(await get('/articles?filter[category]=city-guides,rail-travel'))).toEqual([
      'wp-guides-103',
      'wp-guides-101',
      'wp-guides-102',
    ]);
    expect(ids(await get('/news?filter[category]=museums'))).toEqual(['wp-news-201']);
    const may = await get(
      '/articles?filter[publishedAfter]=2024-05-08T09:00:00Z&filter[publishedBefore]=2024-05-12',
    );
    // Both bounds are exclusive: the two posts of 2024-05-08 09:00 are left out.
    expect(ids(may)).toEqual(['wp-guides-101']);
    expect(ids(await get('/articles?filter[publishedBefore]=2024-04-02T12:30:00%2B02:00'))).toEqual(
      ['wp-guides-112', 'wp-guides-111'],
    );
  });

  it('pages through every article with next links and back with prev links', async () => {
    const seen: string[] = [];
    const pages: JsonApiAnswer[] = [];
    let link: string | null = '/articles?page[size]=3';
    while (link) {
      const page = await get(link);
      expect(page.headers.get('content-type')).toBe(PAGINATED);
      expect(page.body.meta.page.total).toBe(10);
      pages.push(page);
      seen.push(...ids(page));
      link = page.body.links.next;
    }
    expect(seen).toEqual(ARTICLE_IDS_NEWEST_FIRST);
    expect(pages.map((page) => ids(page).length)).toEqual([3, 3, 3, 1]);
    expect(pages[0].body.links.prev).toBeNull();
    expect(pages[1].body.links.self).toContain('page[after]=');

    const back: string[] = [];
    link = pages.at(-1)!.body.links.prev;
    while (link) {
      const page = await get(link);
      back.unshift(...ids(page));
      link = page.body.links.prev;
    }
    expect(back).toEqual(ARTICLE_IDS_NEWEST_FIRST.slice(0, 9));
  });

  it('sorts by title or by publication time, oldest first, with the id breaking ties', async () => {
    const byTitle = await get('/news?sort=title&fields[news]=title');
    expect(
      byTitle.body.data.map((r: { attributes: { title: string } }) => r.attributes.title),
    ).toEqual(['Lisbon adds a night tram', 'Museum Island reopens its north wing']);
    const oldest = await get('/articles?sort=publishedAt&page[size]=6');
    expect(ids(oldest)).toEqual([
      'wp-guides-111',
      'wp-guides-112',
      'wp-guides-113',
      'wp-guides-114',
      'wp-guides-115',
      'wp-guides-116',
    ]);
    const next = await get(oldest.body.links.next);
    expect(ids(next)).toEqual(['wp-guides-102', 'wp-guides-104', 'wp-guides-101', 'wp-guides-103']);
    const titles = await get('/articles?sort=-title&page[size]=2&fields[articles]=title');
    expect(ids(titles)).toEqual(['wp-guides-104', 'wp-guides-103']);
  });

  it('sends only the fields asked for', async () => {
    const sparse = await get('/articles?fields[articles]=title,places&page[size]=1');
    expect(sparse.body.data[0]).toEqual({
      type: 'articles',
      id: 'wp-guides-103',
      attributes: { title: "Lisbon's viewpoints" },
      relationships: { places: { data: [{ type: 'places', id: 'city-2267057' }] } },
      links: { self: `${PUBLIC_BASE_URL}/articles/wp-guides-103` },
    });
    const bare = await get('/news/wp-news-202?fields[news]=');
    expect(bare.body.data).toEqual({
      type: 'news',
      id: 'wp-news-202',
      links: { self: `${PUBLIC_BASE_URL}/news/wp-news-202` },
    });
    const withoutBody = await get('/articles/wp-guides-101?fields[articles]=excerpt,contentHtml');
    expect(withoutBody.body.data.attributes).toEqual({
      excerpt: 'About A weekend in Mitte.',
      contentHtml: '<p>A weekend in Mitte, in full.</p>',
    });
  });

  it('includes the mentioned places the gazetteer knows, each once, linked at places-api', async () => {
    await sql`
      insert into places.places (id, source, source_id, level, name, parent_id, ancestor_ids,
        country_code, population, centroid, content_hash, source_updated_at)
      values
        ('city-2950159', 'cms-places', '15', 'city', 'Berlin', 'region-de-16', '{}', 'DE', 3426354,
          ST_MakePoint(13.41, 52.52), 'h', now()),
        ('neighborhood-2950159-mitte', 'cms-places', '18', 'neighborhood', 'Mitte', 'city-2950159',
          '{}', 'DE', null, ST_MakePoint(13.4, 52.52), 'h', now())`.execute(database.db);

    const one = await get('/news/wp-news-201?include=places');
    const page = await get('/articles?filter[place]=country-de&include=places&fields[places]=name');

    expect(one.body.included).toEqual([
      {
        type: 'places',
        id: 'neighborhood-2950159-mitte',
        attributes: { name: 'Mitte', level: 'neighborhood', countryCode: 'DE', population: null },
        links: { self: `${PUBLIC_BASE_URL}/places/neighborhood-2950159-mitte` },
      },
    ]);
    // Berlin is mentioned by seven articles, Hamburg by one but unknown to this database.
    expect(page.body.included.map((p: { id: string }) => p.id).sort()).toEqual([
      'city-2950159',
      'neighborhood-2950159-mitte',
    ]);
    expect(page.body.included[0].attributes).toEqual({ name: expect.any(String) });
    const withoutInclude = await get('/articles?filter[place]=country-de');
    expect(withoutInclude.body.included).toBeUndefined();
  });

  it('sends ETag, Cache-Control and Vary, answers 304 to a match, and changes the ETag after a sync', async () => {
    const first = await get('/articles?filter[place]=country-de');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    expect(first.headers.get('vary')).toMatch(/Accept/);
    const again = await get('/articles?filter[place]=country-de', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    expect(again.headers.get('etag')).toBe(etag);
    expect((await get('/articles?filter[place]=country-pt')).headers.get('etag')).not.toBe(etag);

    // A sync batch of the articles dataset commits its watermark; the marker is cached a second.
    await sql`
      insert into articles.sync_watermarks (source, watermark) values ('wp-guides', '{}')`.execute(
      database.db,
    );
    let after = await get('/articles?filter[place]=country-de', { 'if-none-match': etag });
    for (let i = 0; i < 40 && after.status === 304; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await get('/articles?filter[place]=country-de', { 'if-none-match': etag });
    }
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
  });

  it('negotiates the media type and answers unknown, overlong and malformed ids and unknown routes with 404 documents', async () => {
    const refused = await get('/articles', { accept: 'application/vnd.api+json; charset=utf-8' });
    expect(refused.status).toBe(406);
    expect((await get('/articles', { accept: 'application/json' })).status).toBe(200);
    const missing = await get('/articles/wp-guides-999');
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]).toMatchObject({ status: '404', code: 'not-found' });
    expect((await get('/nowhere')).status).toBe(404);
    const tooLong = await get(`/articles/${'x'.repeat(201)}`);
    expect(tooLong.status).toBe(404);
    expect(tooLong.body.errors[0]).toMatchObject({ status: '404', code: 'not-found' });
    const malformed = await get('/articles/%E0%A4%A');
    expect(malformed.body.errors[0]).toMatchObject({ status: '404', code: 'not-found' });
  });

  it('serves health and metrics', async () => {
    expect((await fetch(`${origin}/health/live`)).status).toBe(200);
    expect((await fetch(`${origin}/health/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${origin}/metrics`)).text();
    expect(metrics).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/articles"/);
  });

  it.each([
    ['/articles?filter[kind]=news', 'filter[kind]'],
    ['/articles?filter[place]=' + 'x'.repeat(101), 'filter[place]'],
    ['/news?filter[place]=', 'filter[place]'],
    ['/news?filter[place]=city-1&filter[place]=city-2', 'filter[place]'],
    ['/articles?filter[category]=tips,,food', 'filter[category]'],
    ['/articles?filter[publishedAfter]=yesterday', 'filter[publishedAfter]'],
    ['/articles?filter[publishedBefore]=2024-02-30', 'filter[publishedBefore]'],
    ['/articles?sort=author', 'sort'],
    ['/articles?sort=title,-title', 'sort'],
    ['/articles?page[size]=0', 'page[size]'],
    ['/articles?page[size]=abc', 'page[size]'],
    ['/news?page%5Bsize%5D=101', 'page[size]'],
    ['/articles?page[after]=not-a-cursor', 'page[after]'],
    ['/articles?page[after]=a&page[before]=b', 'page[before]'],
    ['/articles?page[number]=2', 'page[number]'],
    ['/articles?fields[articles]=body', 'fields[articles]'],
    ['/articles?fields[news]=title', 'fields[news]'],
    ['/articles?fields[places]=boundary', 'fields[places]'],
    ['/articles?include=author', 'include'],
    ['/news?q=berlin', 'q'],
    ['/articles/wp-guides-101?sort=title', 'sort'],
    ['/articles/wp-guides-101?page[size]=1', 'page[size]'],
    ['/news/wp-news-201?include=places.parent', 'include'],
    ['/news/wp-news-201?filter[place]=world', 'filter[place]'],
  ])('answers %s with a 400 naming %s', async (path, parameter) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body.errors.map((e: { source: { parameter: string } }) => e.source.parameter)).toContain(
      parameter,
    );
    expect(body.errors[0]).toMatchObject({ status: '400', title: expect.any(String) });
  });

  it('refuses a cursor issued for another sort', async () => {
    const byTitle = await get('/articles?sort=title&page[size]=2');
    const cursor = new URL(byTitle.body.links.next).searchParams.get('page[after]');
    const { status, body } = await get(`/articles?page[after]=${cursor}`);
    expect(status).toBe(400);
    expect(body.errors[0].source).toEqual({ parameter: 'page[after]' });
  });
});

describe('articles-api without its database', () => {
  it('answers 503 and reports itself not ready', async () => {
    const { app, origin, get } = await startApi('postgres://postgres@127.0.0.1:9/waypost');
    try {
      const { status, body } = await get('/articles');
      expect(status).toBe(503);
      expect(body.errors[0]).toMatchObject({ status: '503', code: 'service-unavailable' });
      expect((await fetch(`${origin}/health/ready`)).status).toBe(503);
    } finally {
      await app.close();
    }
  });
});
