import { RunningServe, startServe } from './serve.command';

describe('serve', () => {
  let serving: RunningServe;
  const lines: string[] = [];

  beforeEach(async () => {
    serving = await startServe(
      {
        port: 0,
        posts: 20,
        mutateEverySeconds: 0,
        edits: 2,
        lodgingCities: 20,
        lodgingProperties: 400,
        viatorProducts: 30,
        gadventuresDossiers: 10,
        books: 40,
        cmsDatabaseUrl: 'postgres://postgres@127.0.0.1:5432/waypost_serve_spec_no_cms',
      },
      (line) => lines.push(line),
    );
  });

  afterEach(async () => {
    await serving.stop();
  });

  const list = async (site: string, query: string) => {
    const port = new URL(serving.standIn.url).port;
    const res = await fetch(`http://127.0.0.1:${port}/${site}/wp-json/wp/v2/posts?${query}`);
    return { total: res.headers.get('x-wp-total'), posts: (await res.json()) as { id: number }[] };
  };

  it('serves both generated sites over HTTP', async () => {
    expect(lines[0]).toMatch(/"guides" with 20 posts: http:\/\/127\.0\.0\.1:\d+\/guides\/wp-json/);
    expect((await list('guides', 'per_page=5')).total).toBe('20');
    expect((await list('news', 'per_page=5&_embed=wp:term')).posts).toHaveLength(5);
  });

  it('edits a few posts, adds one and removes one per site and round', async () => {
    const before = await list('guides', 'orderby=id&order=asc&per_page=100&_fields=id');

    const report = serving.mutate();

    expect(report[0]).toMatch(/^guides: edited \d+, \d+; added 21; removed \d+; 20 posts$/);
    const after = await list('guides', 'orderby=id&order=asc&per_page=100&_fields=id');
    expect(after.total).toBe('20');
    const ids = after.posts.map((p) => p.id);
    expect(ids).toContain(21);
    expect(before.posts.map((p) => p.id).filter((id) => !ids.includes(id))).toHaveLength(1);
    const recent = await list(
      'guides',
      `modified_after=${new Date(Date.now() - 60_000).toISOString()}`,
    );
    expect(recent.posts).toHaveLength(3);
  });

  it('serves the lodging partner under its prefix on the same port, and changes it', async () => {
    const base = `${serving.standIn.url}/lodging-partner`;
    expect(lines).toContainEqual(expect.stringContaining(`${base}/cities`));
    const headers = { 'X-Api-Key': 'dev-lodging-key' };
    const cities = (await (await fetch(`${base}/cities`, { headers })).json()) as {
      cities: { id: number; name: string }[];
    };
    expect(cities.cities.length).toBeGreaterThanOrEqual(20);
    const page = await fetch(`${base}/cities/${cities.cities[0]!.id}/properties?page=1`, {
      headers,
    });
    expect(page.status).toBe(200);
    expect(((await page.json()) as { properties: unknown[] }).properties.length).toBeGreaterThan(0);
    expect((await fetch(`${base}/cities`)).status).toBe(401);
    expect(serving.mutate()).toContainEqual(
      expect.stringMatching(/^lodging partner: 10 prices changed/),
    );
  });

  it('serves the Viator and G Adventures stand-ins under their prefixes, and changes them', async () => {
    const viator = `${serving.standIn.url}/viator`;
    expect(lines).toContainEqual(expect.stringContaining(`${viator}/products/modified-since`));
    const feed = await fetch(`${viator}/products/modified-since?count=500`, {
      headers: { 'exp-api-key': 'dev-viator-key', Accept: 'application/json;version=2.0' },
    });
    expect(feed.status).toBe(200);
    expect(((await feed.json()) as { products: unknown[] }).products).toHaveLength(30);
    const g = `${serving.standIn.url}/gadventures`;
    const list = await fetch(`${g}/tour_dossiers`, {
      headers: { 'X-Application-Key': 'dev-gadventures-key' },
    });
    const body = (await list.json()) as { count: number; results: { href: string }[] };
    expect(body.count).toBe(10);
    expect(body.results[0]!.href).toMatch(new RegExp(`^${g}/tour_dossiers/\\d+$`));
    const report = serving.mutate();
    expect(report).toContainEqual(expect.stringMatching(/^viator: edited 6/));
    expect(report).toContainEqual(expect.stringMatching(/^gadventures: edited 2/));
  });

  it('serves the ONIX book feed and the Google Places stand-in under their prefixes', async () => {
    const onix = `${serving.standIn.url}/onix`;
    expect(lines).toContainEqual(expect.stringContaining(`${onix}/feeds/onix/full`));
    const auth = `Basic ${Buffer.from('waypost:onix-demo').toString('base64')}`;
    const full = await fetch(`${onix}/feeds/onix/full`, { headers: { authorization: auth } });
    expect(full.status).toBe(200);
    expect((await full.text()).match(/<Product /g)).toHaveLength(40);
    expect((await fetch(`${onix}/feeds/onix/full`)).status).toBe(401);
    expect(serving.mutate()).toContainEqual(
      expect.stringMatching(/^books: edited .+; 39 products$/),
    );

    const google = `${serving.standIn.url}/google-places`;
    expect(lines).toContainEqual(expect.stringContaining(`${google}/v1/places/`));
    const refused = await fetch(`${google}/v1/places/ChIJanything`, {
      headers: { 'X-Goog-FieldMask': 'rating' },
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { status: string } }).error.status).toBe(
      'PERMISSION_DENIED',
    );
  });
});
