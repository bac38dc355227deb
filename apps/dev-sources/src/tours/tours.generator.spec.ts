import { GAdventuresCatalogue } from '@waypost/dev-sources/gadventures';
import { ViatorActiveProduct, ViatorCatalogue } from '@waypost/dev-sources/viator';
import { CityInputs, loadCityInputs } from '../geography/geography.loader';
import { createPrng } from '../pois/prng.util';
import { generateGAdventuresData, mutateGAdventures } from './gadventures.generator';
import { TourCity, tourCities } from './tour-cities';
import { TOURS_SEED, TOUR_CITIES } from './tours.mount';
import { generateViatorData, mutateViator, viatorDestinations } from './viator.generator';

describe('tour generators', () => {
  let geography: CityInputs;
  let cities: TourCity[];
  beforeAll(() => {
    geography = loadCityInputs();
    cities = tourCities(geography, TOUR_CITIES);
  });

  it('tour the largest cities and the tourist extras, with same-named cities', () => {
    expect(cities.length).toBeGreaterThan(TOUR_CITIES);
    const ids = new Set(cities.map((c) => c.geonamesId));
    for (const id of [2766824, 6174041, 241131, 2158177, 2867714]) expect(ids.has(id)).toBe(true);
    expect(ids.size).toBe(cities.length);
    expect(cities.find((c) => c.geonamesId === 2867714)).toMatchObject({
      name: 'Munich',
      regionName: 'Bavaria',
      countryName: 'Germany',
      continentName: 'Europe',
    });
  });

  it('builds a Viator destination tree with lookupId chains and three Victorias', () => {
    const tree = viatorDestinations(cities, TOURS_SEED);
    const byId = new Map(tree.destinations.map((d) => [d.destinationId, d]));
    expect(byId.size).toBe(tree.destinations.length);
    for (const d of tree.destinations) {
      const parent = d.parentDestinationId === null ? null : byId.get(d.parentDestinationId)!;
      expect(d.lookupId).toBe(
        parent ? `${parent.lookupId}.${d.destinationId}` : String(d.destinationId),
      );
    }
    const chain = (id: number) =>
      byId
        .get(id)!
        .lookupId.split('.')
        .map((x) => byId.get(Number(x))!.name);
    expect(chain(tree.byCity.get(2867714)!.destinationId)).toEqual([
      'Europe',
      'Germany',
      'Bavaria',
      'Munich',
    ]);
    const victorias = tree.destinations
      .filter((d) => d.name === 'Victoria')
      .map((d) => `${d.type} ${chain(d.destinationId).slice(0, -1).join(' > ')}`)
      .sort();
    expect(victorias).toEqual([
      'CITY Africa > Seychelles',
      'CITY North America > Canada > British Columbia',
      'REGION Oceania > Australia',
    ]);
    expect(viatorDestinations(cities, TOURS_SEED)).toEqual(tree);
  });

  it('generates the same Viator feed for the same seed: modification order, some INACTIVE and broken', () => {
    const data = generateViatorData(cities, { products: 1500, seed: TOURS_SEED });
    const again = generateViatorData(cities, { products: 1500, seed: TOURS_SEED });
    // Compared as text: a deep equality over 1,500 products is slow in Jest.
    expect(JSON.stringify(again.products)).toBe(JSON.stringify(data.products));
    const times = data.products.map((p) => Date.parse(p.lastUpdatedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(data.products.map((p) => p.productCode)).size).toBe(1500);
    const inactive = data.products.filter((p) => p.status === 'INACTIVE');
    expect(inactive.length).toBeGreaterThan(15);
    expect(inactive.length).toBeLessThan(90);
    expect(Object.keys(inactive[0]!).sort()).toEqual([
      'createdAt',
      'lastUpdatedAt',
      'productCode',
      'status',
    ]);
    const broken = data.products.filter((p) => 'raw' in p && p.raw);
    expect(broken.length).toBeGreaterThan(0);
    const known = new Set(data.destinations.map((d) => String(d.destinationId)));
    const active = data.products.filter(
      (p): p is ViatorActiveProduct => p.status === 'ACTIVE' && !('raw' in p && p.raw),
    );
    expect(active.flatMap((p) => p.destinations.filter((d) => !known.has(d.ref)))).toEqual([]);
    const first = data.products[0] as ViatorActiveProduct;
    expect(first.title).toBe('5-Day Munich, Salzburg and Vienna Tour');
    expect(
      first.destinations.map(
        (d) => data.destinations.find((x) => String(x.destinationId) === d.ref)!.name,
      ),
    ).toEqual(['Munich', 'Salzburg', 'Vienna']);
    expect(first.itinerary.itineraryType).toBe('MULTI_DAY_TOUR');
    const multiCountry = active.filter(
      (p) =>
        new Set(
          p.destinations.map(
            (d) =>
              data.tree.destinations
                .find((x) => String(x.destinationId) === d.ref)!
                .lookupId.split('.')[1],
          ),
        ).size > 1,
    );
    expect(multiCountry.length).toBeGreaterThan(10);
  });

  it('changes the Viator catalogue in a round: edits and deactivations move to the feed end', () => {
    const data = generateViatorData(cities, { products: 200, seed: TOURS_SEED });
    const catalogue = new ViatorCatalogue(data, { now: () => new Date('2026-03-01T00:00:00Z') });
    const line = mutateViator(catalogue, cities, data.tree, createPrng(3), {
      edits: 5,
      deactivations: 2,
      additions: 3,
    });
    expect(line).toMatch(/^viator: edited 5, deactivated \S+, \S+, published \S+, \S+, \S+$/);
    const products = catalogue.products();
    expect(products).toHaveLength(203);
    expect(products.slice(-10).every((p) => p.lastUpdatedAt === '2026-03-01T00:00:00.000Z')).toBe(
      true,
    );
    expect(
      products.slice(-10).filter((p) => p.status === 'INACTIVE').length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('generates the same G Adventures dossiers for the same seed, multi-country routes included', () => {
    const { records } = generateGAdventuresData(cities, { dossiers: 200, seed: TOURS_SEED });
    expect(
      JSON.stringify(generateGAdventuresData(cities, { dossiers: 200, seed: TOURS_SEED }).records),
    ).toBe(JSON.stringify(records));
    const first = records[0]!.dossier;
    expect(first.name).toBe('Munich, Salzburg & Vienna');
    expect(first.geography.visited_countries.map((c) => c.id)).toEqual(['DE', 'AT']);
    expect(first.structured_itineraries[0]!.days.map((d) => d.end_location.name)).toEqual([
      'Munich',
      'Munich',
      'Salzburg',
      'Salzburg',
      'Vienna',
      'Vienna',
    ]);
    expect(
      records.filter((r) => r.dossier.geography.visited_countries.length > 1).length,
    ).toBeGreaterThan(10);
    for (const r of records) {
      expect(r.departures.length).toBeGreaterThan(0);
      expect(Number(r.departures[0]!.lowest_pp2a_prices[0]!.amount)).toBeGreaterThan(0);
    }
  });

  it('changes G Adventures dossiers in a round; a withdrawn id is never reused', () => {
    const { records, places } = generateGAdventuresData(cities, { dossiers: 20, seed: TOURS_SEED });
    const catalogue = new GAdventuresCatalogue(records, {
      now: () => new Date('2026-03-01T00:00:00Z'),
    });
    const highest = catalogue.highestId();
    const line = mutateGAdventures(catalogue, cities, places, createPrng(5), {
      edits: 2,
      repricings: 2,
      removals: 3,
      additions: 2,
    });
    expect(line).toMatch(
      /^gadventures: edited 2, repriced 2, withdrew \d+, \d+, \d+, added \d+, \d+$/,
    );
    expect(catalogue.dossiers()).toHaveLength(19);
    const added = catalogue.dossiers().filter((r) => Number(r.dossier.id) > highest);
    expect(added).toHaveLength(2);
    const changed = catalogue
      .dossiers()
      .filter((r) => r.dossier.date_last_modified === '2026-03-01T00:00:00Z');
    expect(changed.length).toBeGreaterThanOrEqual(3);
  });
});
