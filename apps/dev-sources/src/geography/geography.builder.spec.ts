import type { CmsBoundary, CmsPlaceInput } from '@waypost/dev-sources/cms';
import { GeographyInputs, GeonamesCity, buildGeography } from './geography.builder';

const city = (
  cityId: number,
  name: string,
  country: string,
  adminCode: string,
  population: number,
  [latitude, longitude]: [number, number],
  featureCode = 'PPL',
): GeonamesCity => ({
  cityId,
  name,
  country,
  featureCode,
  adminCode,
  population,
  latitude,
  longitude,
});

const germany: CmsBoundary = {
  type: 'Polygon',
  coordinates: [
    [
      [6, 47],
      [15, 47],
      [15, 55],
      [6, 55],
      [6, 47],
    ],
  ],
};

const INPUTS: GeographyInputs = {
  continents: { EU: 'Europe', AS: 'Asia', AF: 'Africa', AN: 'Antarctica', NA: 'North America' },
  countries: [
    { code: 'DE', name: 'Germany', continent: 'EU' },
    { code: 'PL', name: 'Poland', continent: 'EU' },
    { code: 'BV', name: 'Bouvet Island', continent: 'AN' },
  ],
  boundaries: new Map([['DE', germany]]),
  cities: [
    city(2950159, 'Berlin', 'DE', '16', 3_000_000, [52.5, 13.4], 'PPLC'),
    city(2878044, 'Kreuzberg', 'DE', '16', 150_000, [52.49, 13.4], 'PPLX'),
    city(2867714, 'Munich', 'DE', '02', 1_200_000, [48.1, 11.6], 'PPLA'),
    city(2867715, 'Tinyville', 'DE', '02', 999, [48.0, 11.0]),
    city(756135, 'Warsaw', 'PL', '78', 1_700_000, [52.2, 21.0], 'PPLC'),
    city(756136, 'Praga', 'PL', '78', 300_000, [52.3, 21.1]),
    city(3093133, 'Łódź', 'PL', '', 700_000, [51.8, 19.5]),
    city(9999999, 'Atlantis', 'XX', '01', 50_000, [0, 0]),
  ],
  admin1Names: { DE: { '16': 'Berlin', '02': 'Bavaria' } },
  neighborhoods: [
    { cityId: 2950159, slug: 'mitte', name: 'Mitte', latitude: 52.52, longitude: 13.4 },
  ],
};

describe('buildGeography', () => {
  const { places, unlocatedCountries } = buildGeography(INPUTS);
  const byCode = new Map(places.map((p) => [p.code, p]));
  const get = (code: string): CmsPlaceInput => {
    const found = byCode.get(code);
    if (!found) throw new Error(`no place ${code}`);
    return found;
  };

  it('builds the whole chain with stable codes, parents first', () => {
    expect(places.map((p) => p.code)).toEqual([
      'world',
      'continent-af',
      'continent-an',
      'continent-as',
      'continent-eu',
      'continent-na',
      'continent-oc',
      'continent-sa',
      'country-de',
      'country-pl',
      'region-de-02',
      'region-de-16',
      'region-pl-78',
      'city-756135',
      'city-756136',
      'city-2867714',
      'city-2878044',
      'city-2950159',
      'city-3093133',
      'neighborhood-2950159-mitte',
    ]);
    const seen = new Set<string>();
    for (const p of places) {
      if (p.parentCode) expect(seen.has(p.parentCode)).toBe(true);
      seen.add(p.code);
    }
  });

  it('leaves out countries nothing locates and cities below 1000 or of unknown countries', () => {
    expect(unlocatedCountries).toEqual(['BV']);
    expect(byCode.has('city-2867715')).toBe(false);
    expect(byCode.has('city-9999999')).toBe(false);
  });

  it('names regions from the admin1 table, else after their seat', () => {
    expect(get('region-de-16')).toMatchObject({ name: 'Berlin', parentCode: 'country-de' });
    expect(get('region-de-02').name).toBe('Bavaria');
    expect(get('region-pl-78')).toMatchObject({ name: 'Warsaw Region', countryCode: 'PL' });
  });

  it('centres regions on the population-weighted mean of their cities', () => {
    const masovia = get('region-pl-78');
    expect(masovia.latitude).toBeCloseTo((52.2 * 1.7 + 52.3 * 0.3) / 2, 2);
    expect(masovia.longitude).toBeCloseTo((21.0 * 1.7 + 21.1 * 0.3) / 2, 2);
  });

  it('centres countries on their shape, else on their capital', () => {
    expect(get('country-de')).toMatchObject({ latitude: 51, longitude: 10.5, boundary: germany });
    expect(get('country-pl')).toMatchObject({ latitude: 52.2, longitude: 21.0, boundary: null });
    expect(get('country-pl').parentCode).toBe('continent-eu');
  });

  it('hangs cities under their region, or under the country when the region is unknown', () => {
    expect(get('city-2950159')).toMatchObject({
      name: 'Berlin',
      kind: 'city',
      parentCode: 'region-de-16',
      latitude: 52.5,
      longitude: 13.4,
      population: 3_000_000,
      countryCode: 'DE',
    });
    expect(get('city-3093133').parentCode).toBe('country-pl');
  });

  it('sums populations upwards without counting city sections twice', () => {
    expect(get('region-de-16').population).toBe(3_000_000);
    expect(get('country-de').population).toBe(4_200_000);
    expect(get('continent-eu').population).toBe(4_200_000 + 2_700_000);
    expect(get('world').population).toBe(6_900_000);
  });

  it('gives neighborhoods a small square boundary in their city', () => {
    const mitte = get('neighborhood-2950159-mitte');
    expect(mitte).toMatchObject({ parentCode: 'city-2950159', countryCode: 'DE', latitude: 52.52 });
    expect(mitte.boundary?.type).toBe('Polygon');
  });

  it('refuses a neighborhood whose city is unknown', () => {
    const orphan = { cityId: 1, slug: 'x', name: 'X', latitude: 0, longitude: 0 };
    expect(() => buildGeography({ ...INPUTS, neighborhoods: [orphan] })).toThrow(/no city 1/);
  });
});
