import { sql } from 'kysely';
import { Registry } from 'prom-client';
import {
  WORDPRESS_FIXTURE_POSTS,
  WordPressFixturePost,
  WordPressStandIn,
  startWordPressStandIn,
  wordpressFixtureSites,
} from '@waypost/dev-sources/wordpress';
import { ArticlesDatabase } from '@waypost/articles/schema';
import { PlacesDatabase } from '@waypost/places/schema';
import { Env } from '@waypost/shared/config';
import { SyncJobName, SyncLogger } from '@waypost/shared/sync';
import {
  TEST_REDIS_URL,
  TestDatabase,
  createTestDatabase,
  uniqueRedisPrefix,
} from '@waypost/shared/testing';
import { ArticlesSync } from '../src/articles-sync';
import { loadArticlesSyncConfig } from '../src/articles-sync.config';
import { seedFixturePlaces } from '@waypost/places/testing';

const SILENT: SyncLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const FIXTURE: readonly WordPressFixturePost[] = Object.values(WORDPRESS_FIXTURE_POSTS);
const validIds = (site: string) =>
  FIXTURE.filter((p) => p.site === site && p.invalidBecause === null)
    .map((p) => String(p.id))
    .sort();

describe('articles sync against the WordPress stand-in, PostGIS and Redis', () => {
  let waypost: TestDatabase<ArticlesDatabase & PlacesDatabase>;
  let standIn: WordPressStandIn;
  let sync: ArticlesSync;
  let registry: Registry;

  const startSync = (env: Env = {}) => {
    registry = new Registry();
    sync = new ArticlesSync(
      loadArticlesSyncConfig({
        DATABASE_URL: waypost.url,
        REDIS_URL: TEST_REDIS_URL,
        WORDPRESS_SITES: `guides=${standIn.siteUrl('guides')}:article,news=${standIn.siteUrl('news')}:news`,
        WORDPRESS_PER_PAGE: '3',
        WORDPRESS_TIMEOUT_MS: '500',
        WORDPRESS_ATTEMPTS: '2',
        WORDPRESS_RETRY_DELAY_MS: '10',
        SYNC_SETTLE_MS: '0',
        SYNC_RETRY_BACKOFF_MS: '200',
        SYNC_QUEUE_PREFIX: uniqueRedisPrefix('articles-sync'),
        ...env,
      }),
      registry,
      SILENT,
    );
  };

  beforeEach(async () => {
    waypost = await createTestDatabase<ArticlesDatabase & PlacesDatabase>();
    await seedFixturePlaces(waypost.url);
    standIn = await startWordPressStandIn({ sites: wordpressFixtureSites() });
    startSync();
  });

  afterEach(async () => {
    await sync.close();
    await standIn.close();
    await waypost.drop();
  });

  const [guides, news] = [0, 1] as const;
  const run = (source: 0 | 1) => sync.runner.run(sync.sources[source]!, { trigger: 'test' });
  const articles = () =>
    waypost.db.selectFrom('articles.articles').selectAll().orderBy('id').execute();
  const sourceIds = async (source: string) =>
    (await articles())
      .filter((a) => a.source === source)
      .map((a) => a.sourceId)
      .sort();
  const article = async (site: 'guides' | 'news', id: number) =>
    (await articles()).find((a) => a.id === `wp-${site}-${id}`);
  const chainOf = async (placeId: string) => {
    const place = await waypost.db
      .selectFrom('places.places')
      .select('ancestorIds')
      .where('id', '=', placeId)
      .executeTakeFirstOrThrow();
    return [...place.ancestorIds, placeId];
  };
  const isChangeFeed = (params: URLSearchParams) => params.get('orderby') === 'modified';
  const listingPages = (site: string) =>
    standIn.sites[site]!.listingRequests().filter(isChangeFeed);

  it('syncs both sites: each post with the places it mentions, their ancestors and clean content', async () => {
    await expect(run(guides)).resolves.toMatchObject({
      status: 'succeeded',
      pages: 3,
      counts: { inserted: 8, invalid: 0 },
    });
    await expect(run(news)).resolves.toMatchObject({
      status: 'succeeded',
      counts: { inserted: 3, invalid: 1 },
    });

    for (const post of FIXTURE.filter((p) => p.invalidBecause === null)) {
      const row = await article(post.site, post.id);
      const expected = [...post.expectedMentionedPlaceIds].sort();
      expect({ id: post.id, mentioned: row?.mentionedPlaceIds }).toEqual({
        id: post.id,
        mentioned: expected,
      });
      const chains = await Promise.all(expected.map(chainOf));
      expect(row!.placeIds).toEqual([...new Set(chains.flat())].sort());
      expect(row!.kind).toBe(post.site === 'guides' ? 'article' : 'news');
    }

    const berlin = await article('guides', WORDPRESS_FIXTURE_POSTS.berlinWeekend.id);
    expect(berlin).toMatchObject({
      title: '48 hours in Berlin',
      slug: '48-hours-in-berlin',
      url: `${standIn.siteUrl('guides')}/2026/01/48-hours-in-berlin/`,
      excerpt: 'Start on Museum Island & walk east. […]',
      author: 'Ana Sousa',
      categories: ['city-guides'],
      tags: ['berlin', 'germany'],
      publishedAt: new Date('2026-01-05T09:00:00Z'),
      modifiedAt: new Date('2026-01-06T10:00:00Z'),
    });
    expect(berlin!.contentHtml).toContain('<h2>48 hours in Berlin</h2>');
    expect(berlin!.contentHtml).toContain('<p>Start on Museum Island &amp; walk east.</p>');
    expect(berlin!.contentHtml).not.toMatch(/<script|trackView|onclick|<iframe|javascript:/);
    expect((await article('guides', 105))!.title).toBe('Packing light: a traveller’s list');
    // The news site's local time is an hour ahead: the GMT fields count.
    expect((await article('news', 202))!.publishedAt).toEqual(new Date('2026-02-02T08:00:00Z'));

    const letters = await waypost.db.selectFrom('articles.deadLetters').selectAll().execute();
    expect(letters).toEqual([
      expect.objectContaining({
        source: 'wp-news',
        sourceId: String(WORDPRESS_FIXTURE_POSTS.brokenImport.id),
        reason: 'date_gmt is not a date: null',
        payload: expect.objectContaining({ id: 204, slug: 'imported-without-a-date' }),
      }),
    ]);
  });

  it('settles an ambiguous name by the other places mentioned, else by population', async () => {
    await run(guides);
    const { parisTexas, parisFrance, parisAlone } = WORDPRESS_FIXTURE_POSTS;
    expect((await article('guides', parisTexas.id))!.mentionedPlaceIds).toEqual([
      'city-4717560',
      'region-us-tx',
    ]);
    expect((await article('guides', parisFrance.id))!.mentionedPlaceIds).toEqual([
      'city-2988507',
      'country-fr',
    ]);
    expect((await article('guides', parisAlone.id))!.mentionedPlaceIds).toEqual(['city-2988507']);
  });

  it('pages by per_page along the Link headers, then asks only for what changed', async () => {
    await run(guides);
    const first = listingPages('guides');
    expect(first.map((p) => p.get('page'))).toEqual(['1', '2', '3']);
    for (const params of first) {
      expect(Object.fromEntries(params)).toMatchObject({
        per_page: '3',
        order: 'asc',
        _embed: 'author,wp:term',
      });
      expect(params.has('modified_after')).toBe(false);
    }
    expect(await sync.runner.watermark('wp-guides')).toEqual({
      modifiedGmt: '2026-01-14T09:00:00',
      id: 108,
      places: expect.any(String),
    });

    const again = await run(guides);

    // Only the watermark's second is read again, and nothing is rewritten.
    expect(again).toMatchObject({ pages: 1, counts: { inserted: 0, updated: 0, unchanged: 1 } });
    const second = listingPages('guides').slice(first.length);
    expect(second.map((p) => [p.get('page'), p.get('modified_after')])).toEqual([
      ['1', '2026-01-14T08:59:59Z'],
    ]);
  });

  it('resolves every post again once the places change: a post synced before its place is indexed', async () => {
    const { berlinWeekend, parisTexas } = WORDPRESS_FIXTURE_POSTS;
    const withMentions = FIXTURE.filter(
      (p) => p.site === 'guides' && p.invalidBecause === null && p.expectedMentionedPlaceIds.length,
    );
    // As when articles-sync runs before the first places sync: nothing to resolve mentions against.
    await sql`delete from places.places`.execute(waypost.db);
    await run(guides);
    expect(await article('guides', berlinWeekend.id)).toMatchObject({ placeIds: [] });

    await seedFixturePlaces(waypost.url);
    await expect(run(guides)).resolves.toMatchObject({
      counts: { inserted: 0, updated: withMentions.length },
    });
    expect((await article('guides', berlinWeekend.id))!.mentionedPlaceIds).toEqual(
      [...berlinWeekend.expectedMentionedPlaceIds].sort(),
    );
    expect((await article('guides', parisTexas.id))!.placeIds).toEqual(
      (await chainOf('city-4717560')).sort(),
    );
    // Places unchanged since: the next run asks only for what changed after the watermark.
    const before = listingPages('guides').length;
    await run(guides);
    expect(listingPages('guides').slice(before)[0]!.has('modified_after')).toBe(true);
  });

  it('picks up an edit and a new post incrementally', async () => {
    await run(guides);
    const site = standIn.sites['guides']!;
    const { parisAlone } = WORDPRESS_FIXTURE_POSTS;
    site.editPost(parisAlone.id, {
      title: 'A weekend in Paris, Texas',
      tagIds: [...site.post(parisAlone.id)!.tagIds, site.ensureTerm('post_tag', 'Texas')],
    });
    const added = site.addPost({
      slug: 'lisbon-by-night',
      title: 'Lisbon by night',
      contentHtml: '<p>Fado in <a href="../lisbons-trams/">Alfama</a>.</p>',
      excerptHtml: '<p>Fado in Alfama.</p>',
      authorId: 2,
      featuredMedia: 0,
      categoryIds: [1],
      tagIds: [site.ensureTerm('post_tag', 'Lisbon')],
      meta: {},
      publishedAt: new Date('2026-01-20T21:00:00Z'),
    });

    await expect(run(guides)).resolves.toMatchObject({ counts: { inserted: 1, updated: 1 } });

    expect(await article('guides', parisAlone.id)).toMatchObject({
      title: 'A weekend in Paris, Texas',
      mentionedPlaceIds: ['city-4717560', 'region-us-tx'],
      tags: ['paris', 'texas'],
    });
    expect(await article('guides', added.id)).toMatchObject({
      author: 'Jonas Weber',
      mentionedPlaceIds: ['city-2267057'],
      // A relative link is made absolute against the post's own address.
      contentHtml: `<p>Fado in <a href="${standIn.siteUrl('guides')}/2026/01/lisbons-trams/">Alfama</a>.</p>`,
    });
  });

  it('fails a run on a WordPress 500 mid-pagination and resumes from the last committed page', async () => {
    const site = standIn.sites['guides']!;
    site.failPage(2, 500);

    await expect(run(guides)).rejects.toThrow(/page=2 answered 500 \(internal_server_error/);

    expect(await sourceIds('wp-guides')).toEqual(['101', '102', '103']);
    expect(await sync.runner.watermark('wp-guides')).toEqual({
      modifiedGmt: '2026-01-09T08:30:00',
      id: 103,
      places: expect.any(String),
    });
    const failed = await waypost.db
      .selectFrom('articles.syncRuns')
      .selectAll()
      .where('status', '=', 'failed')
      .executeTakeFirstOrThrow();
    expect(failed.error).toMatch(/answered 500/);

    site.clearFailures();
    // 104 shares 103's modified second: the resumed listing reads that second again.
    await expect(run(guides)).resolves.toMatchObject({
      status: 'succeeded',
      counts: { inserted: 5, unchanged: 1 },
    });
    expect(await sourceIds('wp-guides')).toEqual(validIds('guides'));
  });

  it('retries a transient failure inside the page request without failing the run', async () => {
    standIn.sites['guides']!.failPage(2, 503, { times: 1 });

    await expect(run(guides)).resolves.toMatchObject({ status: 'succeeded' });

    expect(listingPages('guides').map((p) => p.get('page'))).toEqual(['1', '2', '2', '3']);
    expect(await sourceIds('wp-guides')).toEqual(validIds('guides'));
  });

  it('times out on a page that never answers; BullMQ retries the run until it completes', async () => {
    // Both request attempts of the first run time out; the retried run finds the page answering.
    standIn.sites['guides']!.hangPage(2, { times: 2, where: isChangeFeed });

    // Starting registers the schedulers, which queue a first run of every source at once.
    await sync.start();

    const pulls = () =>
      waypost.db
        .selectFrom('articles.syncRuns')
        .select(['status', 'error'])
        .where('source', '=', 'wp-guides')
        .where('stage', '=', 'done')
        .orderBy('id')
        .execute();
    await eventually(async () => (await pulls()).some((r) => r.status === 'succeeded'));
    expect(await pulls()).toEqual([
      { status: 'failed', error: expect.stringMatching(/page=2 failed: no answer within 500 ms/) },
      { status: 'succeeded', error: null },
    ]);
    const [job] = (await sync.queue.queue.getJobs(['completed'])).filter(
      (j) => j.name === SyncJobName.RunSource && j.data.source === 'wp-guides',
    );
    expect(job?.attemptsMade).toBe(2);
    expect(await sourceIds('wp-guides')).toEqual(validIds('guides'));
  });

  it('restarts the listing after the last committed page when posts vanish under it', async () => {
    const site = standIn.sites['guides']!;
    // Removing a post already read shifts every later post one place back: 104 would be skipped.
    site.beforePage(2, () => site.removePost(WORDPRESS_FIXTURE_POSTS.berlinWeekend.id));

    await expect(run(guides)).resolves.toMatchObject({ status: 'succeeded' });

    expect(await sourceIds('wp-guides')).toEqual(validIds('guides'));
    expect(listingPages('guides').map((p) => [p.get('page'), p.get('modified_after')])).toEqual([
      ['1', null],
      ['2', null],
      ['1', '2026-01-09T08:29:59Z'],
      ['2', '2026-01-09T08:29:59Z'],
    ]);
  });

  it('reconciles: deletes posts that are gone and fetches posts the change feed missed', async () => {
    await run(guides);
    const { packingLight, lisbonTrams } = WORDPRESS_FIXTURE_POSTS;
    standIn.sites['guides']!.removePost(packingLight.id);
    await waypost.db
      .deleteFrom('articles.articles')
      .where('id', '=', `wp-guides-${lisbonTrams.id}`)
      .execute();
    const before = (await waypost.db
      .selectFrom('articles.syncWatermarks')
      .selectAll()
      .executeTakeFirstOrThrow())!;

    const result = await sync.runner.reconcile(sync.sources[guides]!, { trigger: 'test' });

    expect(result).toMatchObject({ status: 'succeeded', counts: { deleted: 1, inserted: 1 } });
    const ids = await sourceIds('wp-guides');
    expect(ids).not.toContain(String(packingLight.id));
    expect(ids).toContain(String(lisbonTrams.id));
    const after = await waypost.db
      .selectFrom('articles.syncWatermarks')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(after.watermark).toEqual(before.watermark);
    expect(after.updatedAt).not.toEqual(before.updatedAt);
    const runs = await waypost.db
      .selectFrom('articles.syncRuns')
      .select(['stage', 'status'])
      .orderBy('id')
      .execute();
    expect(runs.at(-1)).toEqual({ stage: 'reconciled', status: 'succeeded' });

    await expect(
      sync.runner.reconcile(sync.sources[guides]!, { trigger: 'test' }),
    ).resolves.toMatchObject({ counts: { deleted: 0, inserted: 0 } });
  });

  it('runs pulls and reconciliations on a real BullMQ worker, with schedules and metrics', async () => {
    await sync.start();
    // Each of the four schedulers (a pull and a reconciliation per site) queues a first run.
    await eventually(
      async () => (await sync.queue.queue.getJobCounts('completed'))['completed'] === 4,
    );
    const schedulers = await sync.queue.queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual([
      'reconcile:wp-guides',
      'reconcile:wp-news',
      'sync:wp-guides',
      'sync:wp-news',
    ]);
    expect(await sourceIds('wp-news')).toEqual(validIds('news'));

    standIn.sites['news']!.removePost(WORDPRESS_FIXTURE_POSTS.franceStrike.id);
    const events = sync.queue.events();
    await events.waitUntilReady();
    try {
      const job = await sync.queue.enqueue('wp-news', 'manual', SyncJobName.ReconcileSource);
      await expect(job.waitUntilFinished(events)).resolves.toMatchObject({
        status: 'succeeded',
        counts: { deleted: 1 },
      });
    } finally {
      await events.close();
    }
    expect(await sourceIds('wp-news')).not.toContain(
      String(WORDPRESS_FIXTURE_POSTS.franceStrike.id),
    );
    const metrics = await registry.metrics();
    expect(metrics).toMatch(
      /sync_records_total\{dataset="articles",source="wp-guides",outcome="inserted"\} 8/,
    );
    expect(metrics).toMatch(
      /sync_records_total\{dataset="articles",source="wp-news",outcome="deleted"\} 1/,
    );
    expect(metrics).toMatch(
      /sync_last_reconciliation_timestamp_seconds\{dataset="articles",source="wp-news"\} \d+/,
    );
  });
});

/** Polls `probe` until it holds; the suite's timeout bounds the wait. */
async function eventually(probe: () => Promise<boolean>): Promise<void> {
  while (!(await probe())) await new Promise((resolve) => setTimeout(resolve, 50));
}
