import { LodgingPartner } from '@waypost/dev-sources/lodging-partner';
import { distanceMeters } from '../geography/geo.util';
import { CityInputs, loadCityInputs } from '../geography/geography.loader';
import { createPrng } from '../pois/prng.util';
import {
  BENCH_LODGINGS,
  DEMO_LODGINGS,
  LODGING_SEED,
  UNMATCHED_PARTNER_CITIES,
  generateLodgingPartner,
  mutateLodgings,
  partnerCities,
} from './lodging.generator';

describe('lodging partner generator', () => {
  let geography: CityInputs;
  beforeAll(() => {
    geography = loadCityInputs();
  });

  const small = { cities: 50, properties: 2000, seed: LODGING_SEED };

  it('is deterministic: the same seed gives the same cities and properties', () => {
    const a = generateLodgingPartner(geography, small);
    const b = generateLodgingPartner(geography, small);
    expect(b.data.cities).toEqual(a.data.cities);
    const city = a.data.cities[3]!;
    expect(b.data.properties(city)).toEqual(a.data.properties(city));
    expect(a.data.properties(city)).toEqual(a.data.properties(city));
    const other = generateLodgingPartner(geography, { ...small, seed: 1 });
    expect(other.data.properties(city)).not.toEqual(a.data.properties(city));
  });

  it('makes a demo of about a thousand cities and tens of thousands of properties', () => {
    const demo = partnerCities(geography, { ...DEMO_LODGINGS, seed: LODGING_SEED });
    expect(demo.length).toBeGreaterThanOrEqual(1000);
    expect(demo.length).toBeLessThan(1020);
    const total = demo.reduce((s, c) => s + c.propertyCount, 0);
    expect(total).toBeGreaterThan(25_000);
    expect(total).toBeLessThan(35_000);
    const bench = partnerCities(geography, { ...BENCH_LODGINGS, seed: LODGING_SEED });
    expect(bench.reduce((s, c) => s + c.propertyCount, 0)).toBeGreaterThan(250_000);
    expect(new Set(demo.map((c) => c.city.id)).size).toBe(demo.length);
  });

  it("uses the partner's own ids, spellings and centres, with ambiguous names", () => {
    const cities = partnerCities(geography, { ...DEMO_LODGINGS, seed: LODGING_SEED });
    const byGeonames = new Map(cities.map((c) => [c.geonamesId, c]));
    expect(byGeonames.get(2267057)!.city).toMatchObject({ name: 'Lisboa', countryCode: 'PT' });
    expect(byGeonames.get(2867714)!.city.name).toBe('München');
    const lisbon = geography.cities.find((c) => c.cityId === 2267057)!;
    const offset = distanceMeters(
      { lat: lisbon.latitude, lng: lisbon.longitude },
      { lat: byGeonames.get(2267057)!.city.latitude, lng: byGeonames.get(2267057)!.city.longitude },
    );
    expect(offset).toBeLessThan(1600);
    const named = (name: string) =>
      cities.filter((c) => c.city.name === name).map((c) => c.city.countryCode);
    expect(named('Paris').sort()).toEqual(['FR', 'US']);
    expect(named('Victoria').sort()).toEqual(['CA', 'SC']);
    expect(named('London').sort()).toEqual(['CA', 'GB']);
    expect(cities.some((c) => c.city.id === c.geonamesId)).toBe(false);
  });

  it('adds cities that match none of ours: no such name in the country, no city within 50 km', () => {
    const cities = partnerCities(geography, small);
    const unmatched = cities.filter((c) => c.geonamesId === null);
    expect(unmatched.map((c) => c.city.name)).toEqual(UNMATCHED_PARTNER_CITIES.map((c) => c.name));
    for (const { city } of unmatched) {
      const near = geography.cities.filter(
        (c) =>
          c.population >= 1000 &&
          ((c.name === city.name && c.country === city.countryCode) ||
            (Math.abs(c.latitude - city.latitude) < 1 &&
              distanceMeters(
                { lat: c.latitude, lng: c.longitude },
                { lat: city.latitude, lng: city.longitude },
              ) < 50_000)),
      );
      expect(near).toEqual([]);
    }
  });

  it('names districts after the real neighborhoods, inside them, where the geography has them', () => {
    const { cities, data } = generateLodgingPartner(geography, {
      ...DEMO_LODGINGS,
      seed: LODGING_SEED,
    });
    const berlin = cities.find((c) => c.geonamesId === 2950159)!;
    const properties = data.properties(berlin.city);
    expect(properties).toHaveLength(berlin.propertyCount);
    const neighborhoods = new Map(berlin.neighborhoods.map((n) => [n.name, n]));
    const inNeighborhoods = properties.filter(
      (p) => p.district && neighborhoods.has(p.district.name),
    );
    expect(inNeighborhoods.length).toBeGreaterThan(properties.length * 0.4);
    for (const p of inNeighborhoods) {
      const n = neighborhoods.get(p.district!.name)!;
      expect(
        distanceMeters(
          { lat: n.latitude, lng: n.longitude },
          { lat: p.latitude!, lng: p.longitude! },
        ),
      ).toBeLessThanOrEqual(401);
    }
    for (const p of properties) {
      expect(p.lowestPricePerNight!.currency).toBe('EUR');
      expect(p.lowestPricePerNight!.value).toMatch(/^\d+\.\d{2}$/);
      expect(p.overallRating.overall === null || p.overallRating.overall <= 100).toBe(true);
    }
    const tokyo = cities.find((c) => c.geonamesId === 1850147)!;
    expect(data.properties(tokyo.city)[0]!.lowestPricePerNight!.value).toMatch(/^\d+$/);
  });

  it('changes prices, closes and opens properties in a round', () => {
    const { cities, data } = generateLodgingPartner(geography, small);
    const partner = new LodgingPartner(data);
    const before = new Map(
      cities.flatMap((c) => partner.properties(c.city.id)!).map((p) => [p.id, p]),
    );
    const line = mutateLodgings(partner, cities, createPrng(7), {
      priceChanges: 20,
      openings: 3,
      closings: 4,
    });
    expect(line).toMatch(/^lodging partner: 20 prices changed, 4 properties closed, opened 9\d+/);
    const after = new Map(
      cities.flatMap((c) => partner.properties(c.city.id)!).map((p) => [p.id, p]),
    );
    expect(after.size).toBe(before.size - 4 + 3);
    const repriced = [...after.values()].filter(
      (p) =>
        before.has(p.id) &&
        before.get(p.id)!.lowestPricePerNight!.value !== p.lowestPricePerNight!.value,
    );
    expect(repriced.length).toBeGreaterThan(15);
  });
});
