import { distanceMeters } from '../geography/geo.util';
import { GeographyInputs } from '../geography/geography.builder';

/** A real city tours can visit, with what the partners need to name and locate it. */
export interface TourCity {
  readonly geonamesId: number;
  readonly name: string;
  readonly countryCode: string;
  readonly countryName: string;
  /** countries-list continent code. */
  readonly continent: string;
  readonly continentName: string;
  /** The GeoNames admin1 code, and its English name where our table has one. */
  readonly admin1Code: string;
  readonly regionName: string | null;
  readonly latitude: number;
  readonly longitude: number;
  readonly population: number;
}

/** Cities tour operators go to although they are not among the largest. */
const TOURIST_GEONAMES_IDS = [
  2766824, // Salzburg
  2775220, // Innsbruck
  3176959, // Florence
  2735943, // Porto
  2517117, // Granada, Spain
  2519240, // Córdoba, Spain
  6174041, // Victoria, British Columbia
  241131, // Victoria, Seychelles
  2158177, // Melbourne
  3941584, // Cusco
  1857910, // Kyoto
  2650225, // Edinburgh
  3067696, // Prague
  3054643, // Budapest
  2761369, // Vienna
  2867714, // Munich
  3164603, // Venice
  2643743, // London
  4717560, // Paris, Texas
];

/**
 * The cities of the tour stand-ins: the `count` largest real cities (sections left out) and the
 * tourist extras, in a stable order.
 */
export function tourCities(
  geography: Pick<GeographyInputs, 'cities' | 'countries' | 'continents' | 'admin1Names'>,
  count: number,
): TourCity[] {
  const countries = new Map(geography.countries.map((c) => [c.code, c]));
  const eligible = geography.cities.filter(
    (c) => c.featureCode !== 'PPLX' && countries.has(c.country),
  );
  const largest = [...eligible]
    .sort((a, b) => b.population - a.population || a.cityId - b.cityId)
    .slice(0, count);
  const chosen = new Set(largest.map((c) => c.cityId));
  const byId = new Map(eligible.map((c) => [c.cityId, c]));
  const extras = TOURIST_GEONAMES_IDS.flatMap((id) =>
    !chosen.has(id) && byId.has(id) ? [byId.get(id)!] : [],
  );
  return [...largest, ...extras].map((c) => {
    const country = countries.get(c.country)!;
    return {
      geonamesId: c.cityId,
      name: c.name,
      countryCode: c.country,
      countryName: country.name,
      continent: country.continent,
      continentName: geography.continents[country.continent] ?? country.continent,
      admin1Code: c.adminCode,
      regionName: geography.admin1Names[c.country]?.[c.adminCode] ?? null,
      latitude: c.latitude,
      longitude: c.longitude,
      population: c.population,
    };
  });
}

// Neighbours per city list, city and radius: routes ask for the same ones again and again.
const NEARBY_CACHE = new WeakMap<readonly TourCity[], Map<string, TourCity[]>>();

/** The other cities within `maxMeters`, nearest first. */
export function nearbyCities(
  city: TourCity,
  cities: readonly TourCity[],
  maxMeters: number,
): TourCity[] {
  const cache = NEARBY_CACHE.get(cities) ?? new Map<string, TourCity[]>();
  NEARBY_CACHE.set(cities, cache);
  const key = `${city.geonamesId}:${maxMeters}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const at = { lat: city.latitude, lng: city.longitude };
  const found = cities
    .filter((c) => c.geonamesId !== city.geonamesId)
    .map((c) => ({ c, d: distanceMeters(at, { lat: c.latitude, lng: c.longitude }) }))
    .filter(({ d }) => d <= maxMeters)
    .sort((a, b) => a.d - b.d)
    .map(({ c }) => c);
  cache.set(key, found);
  return found;
}

/**
 * A route of up to `stops` cities from `start`, each next stop one of the three nearest
 * unvisited cities within `hopMeters` (borders are no obstacle): Munich, Salzburg, Vienna.
 */
export function route(
  start: TourCity,
  cities: readonly TourCity[],
  stops: number,
  random: () => number,
  hopMeters = 450_000,
): TourCity[] {
  const path = [start];
  while (path.length < stops) {
    const here = path[path.length - 1]!;
    const options = nearbyCities(here, cities, hopMeters)
      .filter((c) => !path.includes(c))
      .slice(0, 3);
    if (options.length === 0) break;
    path.push(options[Math.floor(random() * options.length)]!);
  }
  return path;
}
