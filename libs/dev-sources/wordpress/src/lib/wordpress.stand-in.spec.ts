import { WORDPRESS_FIXTURE_POSTS, wordpressFixtureSites } from './wordpress.fixture';
import { WordPressStandIn, startWordPressStandIn } from './wordpress.stand-in';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('WordPress stand-in over HTTP', () => {
  let standIn: WordPressStandIn;
  let clock: Date;

  beforeEach(async () => {
    clock = new Date('2026-03-01T12:00:00.400Z');
    standIn = await startWordPressStandIn({ sites: wordpressFixtureSites(), now: () => clock });
  });

  afterEach(async () => {
    await standIn.close();
  });

  const get = async (site: string, path: string) => {
    const res = await fetch(`${standIn.siteUrl(site)}/wp-json/wp/v2/${path}`);
    return { res, body: (await res.json()) as Json };
  };
  const ids = (body: Json) => (body as Json[]).map((p) => p['id']);

  it('pages by modified time with WordPress headers and Link relations', async () => {
    const first = await get('guides', 'posts?orderby=modified&order=asc&per_page=3&_embed=wp:term');
    expect(first.res.headers.get('x-wp-total')).toBe('8');
    expect(first.res.headers.get('x-wp-totalpages')).toBe('3');
    expect(ids(first.body)).toEqual([101, 102, 103]);
    expect(first.res.headers.get('link')).toBe(
      `<${standIn.siteUrl('guides')}/wp-json/wp/v2/posts?orderby=modified&order=asc&per_page=3&_embed=wp%3Aterm&page=2>; rel="next"`,
    );

    const middle = await get('guides', 'posts?orderby=modified&order=asc&per_page=3&page=2');
    expect(ids(middle.body)).toEqual([104, 105, 106]);
    expect(middle.res.headers.get('link')).toMatch(/page=1>; rel="prev", <.*page=3>; rel="next"$/);
    const last = await get('guides', 'posts?orderby=modified&order=asc&per_page=3&page=3');
    expect(ids(last.body)).toEqual([107, 108]);
    expect(last.res.headers.get('link')).not.toMatch(/rel="next"/);
  });

  it('answers WordPress errors for a page past the end and an oversized per_page', async () => {
    const past = await get('guides', 'posts?per_page=3&page=4');
    expect(past.res.status).toBe(400);
    expect(past.body).toEqual({
      code: 'rest_post_invalid_page_number',
      message: 'The page number requested is larger than the number of pages available.',
      data: { status: 400 },
    });
    const big = await get('guides', 'posts?per_page=101');
    expect(big.res.status).toBe(400);
    expect(big.body).toEqual({
      code: 'rest_invalid_param',
      message: 'Invalid parameter(s): per_page',
      data: {
        status: 400,
        params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' },
        details: {
          per_page: {
            code: 'rest_out_of_bounds',
            message: 'per_page must be between 1 (inclusive) and 100 (inclusive)',
            data: null,
          },
        },
      },
    });
    expect((await get('guides', 'posts?modified_after=yesterday')).body['code']).toBe(
      'rest_invalid_param',
    );
  });

  it('renders posts in the REST shape, dates local and GMT, terms embedded on request', async () => {
    const { body } = await get('news', 'posts/202?_embed=wp:term');
    expect(body).toMatchObject({
      id: 202,
      date: '2026-02-02T09:00:00',
      date_gmt: '2026-02-02T08:00:00',
      modified: '2026-02-02T12:00:00',
      modified_gmt: '2026-02-02T11:00:00',
      slug: 'rail-strike-across-france',
      status: 'publish',
      type: 'post',
      link: `${standIn.siteUrl('news')}/2026/02/rail-strike-across-france/`,
      title: { rendered: 'Rail strike across France' },
      author: 1,
      categories: [2],
      tags: [11, 14],
      meta: {},
    });
    expect(body['content'].rendered).toMatch(/<script>/);
    expect(body['_links']['wp:term']).toHaveLength(2);
    expect(body['_embedded']).toEqual({
      'wp:term': [
        [expect.objectContaining({ id: 2, name: 'Transport', taxonomy: 'category' })],
        [
          expect.objectContaining({ id: 11, name: 'France', slug: 'france', taxonomy: 'post_tag' }),
          expect.objectContaining({ id: 14, name: 'Strikes', taxonomy: 'post_tag' }),
        ],
      ],
    });
    const all = await get('guides', 'posts/107?_embed');
    expect(all.body['_embedded']['author'][0]).toMatchObject({ id: 1, name: 'Ana Sousa' });
    expect(all.body['_embedded']['wp:term'][0][0]).toMatchObject({ name: 'Food &amp; Drink' });
    expect((await get('guides', 'posts/105')).body['title'].rendered).toBe(
      'Packing light: a traveller&#8217;s list',
    );
    expect((await get('guides', 'posts/999')).res.status).toBe(404);
  });

  it('filters by modified_after (UTC or site time), include and _fields', async () => {
    const afterUtc = await get('news', 'posts?modified_after=2026-02-02T11:00:00Z&_fields=id');
    expect(ids(afterUtc.body)).toEqual([204, 203]);
    expect(afterUtc.body[0]).toEqual({ id: 204 });
    // Without an offset the time is the site's: 12:00 local is 11:00 GMT.
    const afterLocal = await get('news', 'posts?modified_after=2026-02-02T12:00:00&_fields=id');
    expect(ids(afterLocal.body)).toEqual([204, 203]);
    const included = await get('guides', 'posts?include=105,101,999&_fields=id,title.rendered');
    expect(included.body).toEqual([
      { id: 105, title: { rendered: 'Packing light: a traveller&#8217;s list' } },
      { id: 101, title: { rendered: '48 hours in Berlin' } },
    ]);
    const broken = await get('news', `posts/${WORDPRESS_FIXTURE_POSTS.brokenImport.id}`);
    expect(broken.body).toMatchObject({ date: null, date_gmt: null });
  });

  it('moves an edited post to the end of the modified order and forgets a removed one', async () => {
    const guides = standIn.sites['guides']!;
    guides.editPost(101, { title: '72 hours in Berlin' });
    guides.removePost(102);
    const added = guides.addPost({
      slug: 'new',
      title: 'New',
      contentHtml: '<p>New</p>',
      excerptHtml: '<p>New</p>',
      authorId: 1,
      featuredMedia: 0,
      categoryIds: [1],
      tagIds: [guides.ensureTerm('post_tag', 'Lisbon')],
      meta: {},
    });
    const { body, res } = await get('guides', 'posts?orderby=modified&order=asc&per_page=100');
    expect(res.headers.get('x-wp-total')).toBe('8');
    expect(ids(body).slice(-2)).toEqual([101, added.id]);
    expect(body.at(-2)).toMatchObject({ modified_gmt: '2026-03-01T12:00:00' });
    expect(ids(body)).not.toContain(102);
    const recent = await get('guides', 'posts?modified_after=2026-03-01T11:59:59Z&_embed=wp:term');
    expect(recent.body.find((p: Json) => p['id'] === added.id)['_embedded']['wp:term'][1]).toEqual([
      expect.objectContaining({ name: 'Lisbon', slug: 'lisbon' }),
    ]);
  });

  it('injects failures into one page of the listing and logs every listing request', async () => {
    const guides = standIn.sites['guides']!;
    guides.failPage(2, 500, { times: 1 });
    expect((await get('guides', 'posts?per_page=3&page=2')).res.status).toBe(500);
    expect((await get('guides', 'posts?per_page=3&page=2')).res.status).toBe(200);

    guides.hangPage(1, { times: 1 });
    await expect(
      fetch(`${standIn.siteUrl('guides')}/wp-json/wp/v2/posts`, {
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow(/abort|timeout/i);

    let ran = false;
    guides.beforePage(3, () => (ran = true));
    await get('guides', 'posts?per_page=3&page=3');
    expect(ran).toBe(true);
    expect(guides.listingRequests().map((p) => p.get('page'))).toEqual(['2', '2', null, '3']);
  });
});
