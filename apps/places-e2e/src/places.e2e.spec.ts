import { deserialise } from 'kitsu-core';
import { CMS_FIXTURE_POINTS_OF_INTEREST, CmsWriter } from '@waypost/dev-sources/cms';
import { JsonApiAnswer, JsonApiGet, createJsonApiClient } from '@waypost/shared/testing';
import { RunningPlatform, startPlatform } from './platform';

describe('places-api end to end, as a frontend browses it', () => {
  let platform: RunningPlatform;
  /** GET a path or link; every answer is held to JSON:API 1.1 and to openapi/places.yaml. */
  let get: JsonApiGet;

  beforeAll(async () => {
    platform = await startPlatform({ pointsOfInterestEveryMs: 1_000 });
    get = createJsonApiClient({ origin: platform.apiUrl, specs: [{ name: 'places' }] });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  // kitsu-core's deserialise rewrites the document it is given: hand it a copy.
  const client = (body: unknown) => deserialise(structuredClone(body));
  const names = (body: unknown) =>
    (client(body) as { data: { name: string }[] }).data.map((p) => p.name);

  it('walks the hierarchy from continents down to neighborhoods by following related links', async () => {
    const continents = await get('/places?filter[level]=continent');
    expect(names(continents.body)).toEqual(['Europe', 'North America']);

    const europe = continents.body.data.find((p: { id: string }) => p.id === 'continent-eu');
    const countries = await get(europe.relationships.children.links.related);
    expect(names(countries.body)).toEqual(['France', 'Germany', 'Portugal']);

    const germany = countries.body.data.find((p: { id: string }) => p.id === 'country-de');
    const regions = await get(germany.relationships.children.links.related);
    expect(names(regions.body)).toEqual(['Berlin', 'Hamburg']);

    const cities = await get('/places/region-de-16/children');
    expect(cities.body.data.map((p: { id: string }) => p.id)).toEqual(['city-2950159']);
    const neighborhoods = await get('/places/city-2950159/children');
    expect(names(neighborhoods.body)).toEqual(['Mitte']);
  });

  it('answers a place with its ancestors as a compound document, world first', async () => {
    const { body } = await get('/places/neighborhood-2950159-mitte?include=ancestors,parent');
    const mitte = client(body).data as {
      name: string;
      ancestors: { data: { name: string }[] };
      parent: { data: { id: string } };
    };
    expect(mitte.name).toBe('Mitte');
    expect(mitte.ancestors.data.map((a) => a.name)).toEqual([
      'World',
      'Europe',
      'Germany',
      'Berlin',
      'Berlin',
    ]);
    expect(mitte.parent.data.id).toBe('city-2950159');
    const included = body.included.map((r: { id: string }) => r.id);
    expect(new Set(included).size).toBe(included.length);

    const chain = await get('/places/neighborhood-2950159-mitte/ancestors');
    expect(names(chain.body)).toEqual(['World', 'Europe', 'Germany', 'Berlin', 'Berlin']);
    expect(chain.body.links).toMatchObject({ next: null, prev: null });
  });

  it.each([
    [
      'an inland city (down to the neighborhood polygon)',
      '52.52,13.405',
      [
        'world',
        'continent-eu',
        'country-de',
        'region-de-16',
        'city-2950159',
        'neighborhood-2950159-mitte',
      ],
    ],
    [
      'a coastal city outside its coarse country polygon (nearest city)',
      '38.71,-9.14',
      ['world', 'continent-eu', 'country-pt', 'region-pt-14', 'city-2267057'],
    ],
    [
      'a point offshore near a coast (the coastal fallback)',
      '39.5,-9.1',
      ['world', 'continent-eu', 'country-pt'],
    ],
    ['a point in the open ocean', '40,-30', []],
  ])(
    'answers "where am I" for %s: the chain content there is indexed under',
    async (_what, point, chain) => {
      const { body } = await get(`/places?filter[contains]=${point}&sort=-population`);
      expect(body.data.map((p: { id: string }) => p.id).sort()).toEqual([...chain].sort());
      expect(body.meta.page.total).toBe(chain.length);
    },
  );

  it('ranks search matches: exact names first, most populous first, accents and case ignored', async () => {
    const paris = await get('/places?filter[q]=paris&fields[places]=name,countryCode');
    expect(paris.body.data.map((p: { id: string }) => p.id).slice(0, 2)).toEqual([
      'city-2988507',
      'city-4717560',
    ]);
    const idf = await get('/places?filter[q]=ILE-DE-FRANCE');
    expect(idf.body.data[0].id).toBe('region-fr-11');
    const next = await get(paris.body.links.next ?? paris.body.links.self);
    expect(next.status).toBe(200);
    expect((await get('/places?sort=relevance')).status).toBe(400);
  });

  it('finds places and points of interest near a point, nearest first, with their distance', async () => {
    const places = await get('/places?filter[near]=52.52,13.405&filter[radius]=3000');
    const distances = places.body.data.map((p: { meta: { distance: number } }) => p.meta.distance);
    expect(places.body.data.map((p: { id: string }) => p.id).slice(0, 2)).toEqual([
      'city-2950159',
      'neighborhood-2950159-mitte',
    ]);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));

    const pois = await get(
      '/pointsOfInterest?filter[near]=52.5163,13.3777&filter[radius]=1500&fields[pointsOfInterest]=name',
    );
    expect(names(pois.body)[0]).toBe('Brandenburg Gate');
    expect(pois.body.data[0].attributes).toEqual({ name: 'Brandenburg Gate' });
  });

  it('rolls points of interest up from the ancestor index, or keeps direct matches only', async () => {
    const germany = await get('/pointsOfInterest?filter[place]=country-de');
    expect(names(germany.body).sort()).toEqual(
      [
        'Brandenburg Gate',
        'Café Einstein Unter den Linden',
        'Miniatur Wunderland',
        'Pergamon Museum',
      ].sort(),
    );
    expect(germany.body.meta.page.total).toBe(4);
    const country = await get('/places/country-de');
    const related = await get(country.body.data.relationships.pointsOfInterest.links.related);
    expect(names(related.body)).toEqual(names(germany.body));

    const direct = await get('/pointsOfInterest?filter[place.direct]=city-2950159');
    expect(names(direct.body)).toEqual(['Pergamon Museum']);

    const withPlace = await get('/pointsOfInterest/poi-1?include=place');
    expect(withPlace.body.included.map((p: { id: string }) => p.id)).toEqual([
      'neighborhood-2950159-mitte',
    ]);
  });

  it('pages through a collection with next and prev links, missing and repeating nothing', async () => {
    const all = await get('/pointsOfInterest?page[size]=100');
    const seen: string[] = [];
    let link: string | null = '/pointsOfInterest?page[size]=3';
    let last: JsonApiAnswer | undefined;
    while (link) {
      last = await get(link);
      expect(last.headers.get('content-type')).toBe(
        'application/vnd.api+json; profile="https://jsonapi.org/profiles/ethanresnick/cursor-pagination"',
      );
      seen.push(...last.body.data.map((p: { id: string }) => p.id));
      link = last.body.links.next;
    }
    expect(seen).toEqual(all.body.data.map((p: { id: string }) => p.id));
    const previous = await get(last!.body.links.prev);
    expect(previous.body.data.map((p: { id: string }) => p.id)).toEqual(
      seen.slice(-3 - last!.body.data.length, -last!.body.data.length),
    );
  });

  it('sends ETag, Cache-Control and Vary, and answers 304 to a matching If-None-Match', async () => {
    const first = await get('/places/country-de');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    expect(first.headers.get('vary')).toMatch(/Accept/);
    const again = await get('/places/country-de', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
  });

  it('negotiates the media type and answers unknown ids and routes with 404 documents', async () => {
    expect(
      (await get('/places', { accept: 'application/vnd.api+json; charset=utf-8' })).status,
    ).toBe(406);
    expect((await get('/places', { accept: 'application/json' })).status).toBe(200);
    const missing = await get('/places/atlantis');
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]).toMatchObject({
      status: '404',
      detail: expect.stringContaining('atlantis'),
    });
    expect((await get('/nowhere')).status).toBe(404);
    for (const path of [
      '/places/%00',
      '/places/city-2950159%00/children',
      '/pointsOfInterest/poi-1%00',
    ]) {
      const nul = await get(path);
      expect(nul.status).toBe(404);
      expect(nul.body.errors[0]).toMatchObject({ status: '404', code: 'not-found' });
    }
    expect((await get('/places/%ZZ')).status).toBe(404);
  });

  it.each([
    ['/places?filter[level]=planet', 'filter[level]'],
    ['/places?filter[nope]=1', 'filter[nope]'],
    ['/places?filter[near]=91,0', 'filter[near]'],
    ['/places?filter[contains]=berlin', 'filter[contains]'],
    ['/places?filter[radius]=500', 'filter[radius]'],
    ['/places?filter[radius]=9999999&filter[near]=1,1', 'filter[radius]'],
    ['/places?sort=area', 'sort'],
    ['/places?sort=distance', 'sort'],
    ['/places?page[size]=0', 'page[size]'],
    ['/places?page[size]=abc', 'page[size]'],
    ['/places?page%5Bsize%5D=101', 'page[size]'],
    ['/places?page[after]=not-a-cursor', 'page[after]'],
    ['/places?fields[places]=area', 'fields[places]'],
    ['/places?include=friends', 'include'],
    ['/places?color=red', 'color'],
    ['/places/country-de?filter[level]=city', 'filter[level]'],
    ['/pointsOfInterest?filter[category]=' + 'x'.repeat(60), 'filter[category]'],
    ['/places/country-de/children?filter[parent]=world', 'filter[parent]'],
    ['/places?filter[q]=par%00is', 'filter[q]'],
    ['/places?filter[contains]=%00', 'filter[contains]'],
    ['/pointsOfInterest?filter[place]=country-de%00', 'filter[place]'],
    ['/places?sort=relevance', 'sort'],
    ['/pointsOfInterest?filter[openAt]=2026-12-05', 'filter[openAt]'],
    ['/pointsOfInterest?filter[openAt]=2026-12-05T25:00:00Z', 'filter[openAt]'],
  ])('answers %s with a 400 naming %s', async (path, parameter) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body.errors.map((e: { source: { parameter: string } }) => e.source.parameter)).toContain(
      parameter,
    );
    expect(body.errors[0]).toMatchObject({
      status: '400',
      title: expect.any(String),
      detail: expect.any(String),
    });
  });

  it('serves Google Places enrichment with provenance, and points of interest open at a moment in their local time', async () => {
    // places-sync enriches from the stand-in every second once the CMS points of interest exist.
    let market = await get('/pointsOfInterest/poi-8');
    for (let i = 0; i < 120 && market.body.data.attributes.provenance.openingHours === null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      market = await get('/pointsOfInterest/poi-8');
    }
    expect(market.body.data.attributes).toMatchObject({
      timeZone: 'Europe/Lisbon',
      website: 'https://www.timeoutmarket.com/lisboa/',
      rating: 4.5,
      openingHours: { fri: [['10:00', '02:00']], sat: [['10:00', '02:00']] },
      provenance: {
        openingHours: { source: 'google-places', fetchedAt: expect.any(String) },
        address: { source: 'google-places', fetchedAt: expect.any(String) },
      },
    });
    // One run wrote every linked point of interest at once.
    expect((await get('/pointsOfInterest/poi-4')).body.data.attributes).toMatchObject({
      permanentlyClosed: true,
      businessStatus: 'CLOSED_PERMANENTLY',
    });
    const pergamon = (await get('/pointsOfInterest/poi-2')).body.data.attributes;
    expect(pergamon.provenance).toMatchObject({
      openingHours: { source: 'cms' },
      address: { source: 'cms' },
      website: { source: 'google-places' },
    });
    const ids = async (at: string) =>
      (
        await get(
          `/pointsOfInterest?filter[openAt]=${encodeURIComponent(at)}&fields[pointsOfInterest]=name`,
        )
      ).body.data
        .map((p: { id: string }) => p.id)
        .sort();
    // Saturday 01:30 in Lisbon: the market's Friday night; the 24-hour Brandenburg Gate.
    expect(await ids('2026-12-05T01:30:00Z')).toEqual(['poi-1', 'poi-8']);
    // Friday 16:30 in Chicago, 23:30 in Berlin (the museums and the café closed).
    expect(await ids('2026-12-04T22:30:00Z')).toEqual(['poi-1', 'poi-6', 'poi-8']);
  });

  it('serves a CMS edit after the next scheduled sync, with a new ETag', async () => {
    const before = await get('/pointsOfInterest/poi-2');
    const writer = new CmsWriter(platform.cmsUrl);
    try {
      await writer.updatePointOfInterest(CMS_FIXTURE_POINTS_OF_INTEREST.pergamonMuseum.id, {
        name: 'Pergamonmuseum',
      });
    } finally {
      await writer.close();
    }
    await platform.syncedAfter(Date.now() / 1000, ['cms-points-of-interest']);
    // The API caches the sync marker for a second: poll until the change shows in body and ETag.
    let after = await get('/pointsOfInterest/poi-2');
    for (let i = 0; i < 40 && after.headers.get('etag') === before.headers.get('etag'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await get('/pointsOfInterest/poi-2');
    }
    expect(after.body.data.attributes.name).toBe('Pergamonmuseum');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
  });
});
