import { WORDPRESS_FIXTURE_POSTS } from '@waypost/dev-sources/wordpress';
import { JsonApiAnswer, JsonApiGet, createJsonApiClient } from '@waypost/shared/testing';
import { RunningPlatform, startPlatform } from './platform';

const posts = WORDPRESS_FIXTURE_POSTS;
const articleId = (post: { site: string; id: number }) => `wp-${post.site}-${post.id}`;
const ids = (resources: { id: string }[]) => resources.map((r) => r.id).sort();

describe('the platform end to end: WordPress and the CMS through the syncs, the APIs and the gateway', () => {
  let platform: RunningPlatform;
  /**
   * GET through the gateway with the key. Every answer is held to JSON:API 1.1 and to its spec:
   * the serving dataset's (its paths without /v1), else openapi/gateway.yaml (the guide).
   */
  let get: JsonApiGet;

  beforeAll(async () => {
    platform = await startPlatform({ articlesEveryMs: 1_000, reconcileEveryMs: 1_000 });
    get = createJsonApiClient({
      origin: platform.apiUrl,
      specs: [
        { name: 'places', prefix: '/v1' },
        { name: 'articles', prefix: '/v1' },
        { name: 'gateway' },
      ],
      headers: { authorization: `Bearer ${platform.apiKey}` },
    });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  /** GETs `path` every 200 ms until `done` holds of the answer (30 s at most); the last answer. */
  async function getUntil(
    path: string,
    done: (answer: JsonApiAnswer) => boolean,
  ): Promise<JsonApiAnswer> {
    for (let attempt = 0; ; attempt++) {
      const answer = await get(path);
      if (done(answer) || attempt === 150) return answer;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('serves the guide of France: the place, its ancestors, its points of interest, articles and news', async () => {
    const { status, body } = await get('/places/country-fr/guide');

    expect(status).toBe(200);
    expect(body.meta.unavailable).toEqual([]);
    const rel = body.data.relationships;
    expect(rel.ancestors.data.map((r: { id: string }) => r.id)).toEqual(['world', 'continent-eu']);
    expect(ids(rel.pointsOfInterest.data).length).toBeGreaterThan(0);
    // Rolled up from Paris, France; the post about Paris, Texas is not France's.
    expect(ids(rel.articles.data)).toEqual(
      [posts.parisFrance, posts.parisAlone].map(articleId).sort(),
    );
    expect(ids(rel.news.data)).toEqual([articleId(posts.franceStrike)]);
    const included = new Map(
      body.included.map((r: { type: string; id: string }) => [`${r.type}/${r.id}`, r]),
    );
    for (const part of ['ancestors', 'pointsOfInterest', 'articles', 'news']) {
      for (const ref of rel[part].data as { type: string; id: string }[]) {
        expect({ part, included: included.has(`${ref.type}/${ref.id}`) }).toEqual({
          part,
          included: true,
        });
      }
    }
  });

  it('settles ambiguous place names by the other places a post mentions', async () => {
    const texas = await get('/articles?filter[place]=region-us-tx');
    const paris = await get('/articles?filter[place]=city-2988507&include=places');

    expect(ids(texas.body.data)).toEqual([articleId(posts.parisTexas)]);
    expect(ids(paris.body.data)).toEqual(
      [posts.parisFrance, posts.parisAlone].map(articleId).sort(),
    );
    expect(ids(paris.body.included)).toEqual(expect.arrayContaining(['city-2988507']));
  });

  it('serves the places an article mentions through the gateway, linked at the gateway', async () => {
    const article = await get(`/articles/${articleId(posts.mitteCoffee)}`);
    const mentioned = article.body.data.relationships.places.data as { id: string }[];
    const places = await Promise.all(mentioned.map((place) => get(`/places/${place.id}`)));

    expect(ids(mentioned)).toContain('neighborhood-2950159-mitte');
    for (const place of places) {
      expect(place.status).toBe(200);
      expect(place.body.links.self).toBe(`${platform.apiUrl}/places/${place.body.data.id}`);
    }
    expect(article.body.links.self).toBe(
      `${platform.apiUrl}/articles/${articleId(posts.mitteCoffee)}`,
    );
  });

  it('answers a bad parameter with a 400 naming it, passed through the gateway', async () => {
    const { status, body } = await get('/news?filter[publishedAfter]=yesterday');

    expect(status).toBe(400);
    expect(body.errors[0].source).toEqual({ parameter: 'filter[publishedAfter]' });
  });

  it('serves an edited post after the next scheduled sync', async () => {
    const id = articleId(posts.lisbonTrams);
    const title = 'Lisbon by tram 28, updated';
    platform.wordpress.sites['guides']!.editPost(posts.lisbonTrams.id, { title });

    const answer = await getUntil(
      `/articles/${id}`,
      (a) => a.body.data?.attributes.title === title,
    );

    expect(answer.body.data.attributes.title).toBe(title);
  });

  it('drops a post removed from WordPress after the next reconciliation', async () => {
    const id = articleId(posts.hamburgHarbour);
    expect((await get(`/news/${id}`)).status).toBe(200);

    platform.wordpress.sites['news']!.removePost(posts.hamburgHarbour.id);

    expect((await getUntil(`/news/${id}`, (a) => a.status === 404)).status).toBe(404);
    const hamburg = await get('/news?filter[place]=city-2911298');
    expect(ids(hamburg.body.data)).not.toContain(id);
  });

  it('still serves the guide while articles-api is down, naming the missing parts', async () => {
    await platform.articlesApi.stop();

    const { status, body } = await get('/places/country-fr/guide');

    expect(status).toBe(200);
    expect(body.meta.unavailable).toEqual(['articles', 'news']);
    expect(body.data.relationships.articles?.data).toBeUndefined();
    expect(body.included.filter((r: { type: string }) => r.type !== 'places')).toEqual(
      body.data.relationships.pointsOfInterest.data.map(() => expect.anything()),
    );
    expect(body.data.relationships.pointsOfInterest.data.length).toBeGreaterThan(0);
  });
});
