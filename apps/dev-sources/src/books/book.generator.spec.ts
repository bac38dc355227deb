import {
  ListeningStandIn,
  listenStandIn,
  routeByPrefix,
  sendJson,
} from '@waypost/dev-sources/http';
import { OnixProduct, isValidIsbn13 } from '@waypost/dev-sources/onix-feed';
import themaPlaces from '../data/thema-places.json';
import { GeographyInputs } from '../geography/geography.builder';
import { loadGeographyInputs } from '../geography/geography.loader';
import {
  BOOKS_SEED,
  BookDestination,
  bookDestinations,
  generateBook,
  generatedBookCatalogue,
} from './book.generator';
import {
  DEFAULT_ONIX_PASSWORD,
  DEFAULT_ONIX_USERNAME,
  ONIX_FEED_PREFIX,
  mountOnixFeed,
} from './onix-feed.mount';

describe('book generator', () => {
  let geography: GeographyInputs;
  let destinations: BookDestination[];

  beforeAll(() => {
    geography = loadGeographyInputs();
    destinations = bookDestinations(geography);
  });

  it('has a Thema code for real countries and regions of the demo geography', () => {
    const countries = new Set(geography.countries.map((c) => c.code));
    for (const country of Object.keys(themaPlaces.countries)) expect(countries).toContain(country);
    for (const region of Object.values(themaPlaces.regions)) {
      expect(geography.admin1Names[region.country]?.[region.admin1] ?? region.name).toBeTruthy();
      expect(
        geography.cities.some((c) => c.country === region.country && c.adminCode === region.admin1),
      ).toBe(true);
    }
    const byName = (name: string) => destinations.find((d) => d.name === name);
    expect(byName('Germany')).toMatchObject({ kind: 'country', themaPlaces: ['1DFG'] });
    expect(byName('Berlin')).toMatchObject({ kind: 'city', themaPlaces: ['1DFG', '1DFG-DE-BE'] });
    expect(byName('Munich')).toMatchObject({ kind: 'city', themaPlaces: ['1DFG', '1DFG-DE-TB'] });
    expect(byName('Lisbon')).toMatchObject({ kind: 'city', themaPlaces: ['1DSP'] });
    expect(byName('Bavaria')).toMatchObject({
      kind: 'region',
      themaPlaces: ['1DFG', '1DFG-DE-TB'],
    });
  });

  it('generates the same product for the same index and seed, lazily', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(generateBook(destinations, 42, BOOKS_SEED, at)).toEqual(
      generateBook(destinations, 42, BOOKS_SEED, at),
    );
    expect(generateBook(destinations, 42, BOOKS_SEED, at)).not.toEqual(
      generateBook(destinations, 43, BOOKS_SEED, at),
    );
    const base = generatedBookCatalogue(destinations, 1_000_000, BOOKS_SEED);
    expect(base.product(999_999).recordReference).toBe('WPS-00999999');
    expect(base.indexOf('WPS-00999999')).toBe(999_999);
    expect(base.indexOf('WPS-01000000')).toBeUndefined();
  });

  it('mixes forms, currencies, places by qualifier and by name only, and bad records', () => {
    const base = generatedBookCatalogue(destinations, 5000, BOOKS_SEED);
    const products: OnixProduct[] = Array.from({ length: base.count }, (_, i) => base.product(i));
    const share = (test: (p: OnixProduct) => boolean) =>
      products.filter(test).length / products.length;

    for (let i = 1; i < products.length; i++) {
      expect(products[i]!.updatedAt >= products[i - 1]!.updatedAt).toBe(true);
    }
    expect(new Set(products.map((p) => p.form))).toEqual(new Set(['BB', 'BC', 'ED', 'EA']));
    expect(products.filter((p) => p.form === 'ED').every((p) => p.formDetail === 'E101')).toBe(
      true,
    );
    expect(new Set(products.flatMap((p) => p.prices.map((x) => x.currency)))).toEqual(
      new Set(['EUR', 'GBP', 'USD', 'CHF']),
    );
    expect(share((p) => !isValidIsbn13(p.isbn13))).toBeGreaterThan(0.001);
    expect(share((p) => !isValidIsbn13(p.isbn13))).toBeLessThan(0.02);
    expect(share((p) => p.title === null)).toBeGreaterThan(0.001);
    expect(share((p) => p.themaPlaces.length === 0)).toBeGreaterThan(0.05);
    expect(share((p) => p.themaPlaces.some((c) => c.includes('-')))).toBeGreaterThan(0.005);
    expect(share((p) => p.descriptionAs === 'escaped')).toBeGreaterThan(0.1);
    const titled = products.find((p) => p.title !== null && p.keywords[0] === 'Berlin');
    expect(titled?.title).toContain('Berlin');
    expect(products.every((p) => /^\d{8}$/.test(p.publishedOn))).toBe(true);
  });
});

describe('ONIX feed mount', () => {
  let server: ListeningStandIn;
  let mount: ReturnType<typeof mountOnixFeed>;
  const auth = `Basic ${Buffer.from(`${DEFAULT_ONIX_USERNAME}:${DEFAULT_ONIX_PASSWORD}`).toString('base64')}`;

  beforeAll(async () => {
    mount = mountOnixFeed(loadGeographyInputs(), { books: 300, edits: 3 });
    server = await listenStandIn(
      routeByPrefix({ [ONIX_FEED_PREFIX]: mount.handler }, (_req, res) => sendJson(res, 404, {})),
    );
  });
  afterAll(() => server.close());

  const feed = async (path: string) => {
    const res = await fetch(`${server.url}${ONIX_FEED_PREFIX}${path}`, {
      headers: { authorization: auth },
    });
    const body = await res.text();
    return {
      status: res.status,
      refs: [...body.matchAll(/<RecordReference>([^<]+)<\/RecordReference>/g)].map((m) => m[1]),
      deletes: [
        ...body.matchAll(/<RecordReference>([^<]+)<\/RecordReference><NotificationType>05/g),
      ].map((m) => m[1]),
    };
  };

  it('serves the generated catalogue under its prefix and changes it round by round', async () => {
    expect(mount.describe(`${server.url}/onix`)[0]).toMatch(
      /300 products .*\/onix\/feeds\/onix\/full/,
    );
    const before = await feed('/feeds/onix/full');
    expect(before.status).toBe(200);
    expect(before.refs).toHaveLength(300);

    const started = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    const [line] = mount.mutate();
    expect(line).toMatch(
      /^books: edited .+; added WPS-00000300; deleted WPS-\d{8}; vanished WPS-\d{8}; 299 products$/,
    );

    const after = await feed('/feeds/onix/full');
    expect(after.refs).toHaveLength(299);
    expect(after.refs).toContain('WPS-00000300');
    const changes = await feed(`/feeds/onix?since=${started}`);
    expect(changes.deletes).toHaveLength(1);
    expect(after.refs).not.toContain(changes.deletes[0]);
    expect(changes.refs).toContain('WPS-00000300');
    const vanished = before.refs.filter((r) => !after.refs.includes(r) && r !== changes.deletes[0]);
    expect(vanished).toHaveLength(1);
    expect(changes.refs).not.toContain(vanished[0]);
  });
});
