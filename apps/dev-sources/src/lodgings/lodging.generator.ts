import {
  LodgingPartner,
  LodgingPartnerData,
  LodgingPropertyType,
  PartnerCity,
  PartnerPropertyRecord,
} from '@waypost/dev-sources/lodging-partner';
import { offsetPoint } from '../geography/geo.util';
import { GeographyInputs, GeonamesCity, NeighborhoodInfo } from '../geography/geography.builder';
import { createPrng, hashSeed, intBetween, pick } from '../pois/prng.util';

export interface LodgingGeneratorOptions {
  /** Partner cities taken from the largest real cities (the extras below come on top). */
  readonly cities: number;
  /** Properties over all cities, spread by the square root of their population. */
  readonly properties: number;
  readonly seed: number;
}

/** A demo partner: about a thousand cities and tens of thousands of properties. */
export const DEMO_LODGINGS: Omit<LodgingGeneratorOptions, 'seed'> = {
  cities: 1000,
  properties: 30_000,
};
/** A bench partner: the same cities, hundreds of thousands of properties, generated on demand. */
export const BENCH_LODGINGS: Omit<LodgingGeneratorOptions, 'seed'> = {
  cities: 1000,
  properties: 300_000,
};
export const LODGING_SEED = 20_261_001;

/** Partner ids of cities start here: the partner's own numbering, not GeoNames'. */
const CITY_ID_START = 1001;
const MAX_PER_CITY = 9_999;
const MIN_PER_CITY = 3;

// Smaller cities a travel partner lists anyway; some share a name with another city on purpose.
const EXTRA_GEONAMES_IDS = [
  4717560, // Paris, Texas
  6058560, // London, Ontario
  6174041, // Victoria, British Columbia
  241131, // Victoria, Seychelles
  2519240, // Córdoba, Spain (Córdoba, Argentina is large enough already)
  2766824, // Salzburg
  2775220, // Innsbruck
  3176959, // Florence
  2735943, // Porto
  2517117, // Granada, Spain
];

/** The partner's own spelling of some cities: a sync can only match them by country and place. */
const PARTNER_NAMES: Readonly<Record<number, string>> = {
  2267057: 'Lisboa',
  2867714: 'München',
  2761369: 'Wien',
  3169070: 'Roma',
  3067696: 'Praha',
  2510911: 'Seville',
  2660646: 'Geneva',
  3094802: 'Krakow',
  2657896: 'Zurich',
  2618425: 'København',
};

/** Partner cities that match no place of ours: a sync reports them, it never drops them. */
export const UNMATCHED_PARTNER_CITIES: readonly Omit<PartnerCity, 'id' | 'country'>[] = [
  { name: 'Nowhere Springs', countryCode: 'US', latitude: 39.5, longitude: -116.9 },
  { name: 'Isla Perdida', countryCode: 'ES', latitude: 36.0, longitude: -2.6 },
  { name: 'Camp Borealis', countryCode: 'CA', latitude: 66.0, longitude: -110.0 },
  { name: 'Outback Station Nine', countryCode: 'AU', latitude: -23.0, longitude: 128.0 },
  { name: 'Skeleton Coast Lodge', countryCode: 'NA', latitude: -19.5, longitude: 12.9 },
];

const EURO = new Set('AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK'.split(' '));
const CURRENCIES: Readonly<Record<string, { code: string; perUsd: number; decimals: number }>> = {
  EUR: { code: 'EUR', perUsd: 0.92, decimals: 2 },
  GBP: { code: 'GBP', perUsd: 0.79, decimals: 2 },
  USD: { code: 'USD', perUsd: 1, decimals: 2 },
  JPY: { code: 'JPY', perUsd: 150, decimals: 0 },
  CHF: { code: 'CHF', perUsd: 0.88, decimals: 2 },
  AUD: { code: 'AUD', perUsd: 1.52, decimals: 2 },
  CAD: { code: 'CAD', perUsd: 1.36, decimals: 2 },
};
const COUNTRY_CURRENCY: Readonly<Record<string, string>> = {
  GB: 'GBP',
  JP: 'JPY',
  CH: 'CHF',
  AU: 'AUD',
  CA: 'CAD',
};
/** A price given in US dollars, in `currency`, as a number rounded to its minor unit. */
export function fromUsd(usd: number, currency: string): number {
  const c = CURRENCIES[currency] ?? CURRENCIES['USD']!;
  return Number((usd * c.perUsd).toFixed(c.decimals));
}

/** The currency a city's properties are priced in (elsewhere the partner quotes USD). */
export const currencyOf = (countryCode: string) =>
  EURO.has(countryCode) ? 'EUR' : (COUNTRY_CURRENCY[countryCode] ?? 'USD');

// Nightly prices in USD by type, low and high.
const PRICE_RANGES: Record<LodgingPropertyType, [number, number]> = {
  HOSTEL: [9, 45],
  GUESTHOUSE: [28, 95],
  HOTEL: [55, 280],
  APARTMENT: [40, 190],
};
const TYPE_WEIGHTS: [LodgingPropertyType, number][] = [
  ['HOSTEL', 0.45],
  ['HOTEL', 0.25],
  ['GUESTHOUSE', 0.15],
  ['APARTMENT', 0.15],
];
const NAME_PATTERNS: Record<LodgingPropertyType, readonly string[]> = {
  HOSTEL: ['{w} Hostel', '{c} Backpackers', 'The {w} House', '{w} Youth Hostel', '{d} Hostel'],
  HOTEL: ['Hotel {w}', 'The {w} Hotel', '{w} Grand Hotel', '{c} {w} Hotel', 'Hotel {d}'],
  GUESTHOUSE: ['{w} Guesthouse', 'Pension {w}', '{w} B&B', 'Casa {w}'],
  APARTMENT: ['{w} Apartments', '{d} Suites', '{w} Residence', '{c} City Flats'],
};
const WORDS = [
  'Aurora',
  'Linden',
  'Harbour',
  'Juniper',
  'Meridian',
  'Olive',
  'Saffron',
  'Willow',
  'Cedar',
  'Coral',
  'Amber',
  'Beacon',
  'Cobalt',
  'Fern',
  'Heron',
  'Ivory',
  'Lantern',
  'Maple',
  'Nova',
  'Orchid',
  'Pebble',
  'Raven',
  'Sable',
  'Tulip',
  'Velvet',
  'Zephyr',
  'Compass',
  'Atlas',
  'Nomad',
  'Wanderer',
  'Sunrise',
  'Moonlight',
  'Garden',
  'Riverside',
  'Old Town',
  'Central',
  'Plaza',
];
const STREETS = [
  'Main Street',
  'Market Square',
  'Station Road',
  'River Lane',
  'Church Street',
  'Park Avenue',
  'High Street',
  'Harbour Road',
  'Castle Hill',
  'Mill Lane',
  'Garden Row',
  'King Street',
];
/** Districts of cities where the demo geography has no neighborhoods: the partner's own. */
const GENERIC_DISTRICTS = [
  'City Centre',
  'Old Town',
  'Station Quarter',
  'Riverside',
  'University District',
  'Harbour',
];
const FACILITIES = [
  'Free WiFi',
  'Linen Included',
  'Breakfast Included',
  '24 Hour Reception',
  'Bar',
  'Lockers',
  'Kitchen',
  'Air Conditioning',
  'Laundry Facilities',
  'Luggage Storage',
  'Towels Included',
  'Parking',
  'Swimming Pool',
  'Wheelchair Accessible',
  'Pet Friendly',
];

/** A real city a partner city stands for (null: one that matches none of ours). */
export interface GeneratedPartnerCity {
  readonly city: PartnerCity;
  readonly geonamesId: number | null;
  readonly population: number;
  readonly neighborhoods: readonly NeighborhoodInfo[];
  readonly propertyCount: number;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

function weighted<T>(random: () => number, items: readonly [T, number][]): T {
  let r = random() * items.reduce((s, [, w]) => s + w, 0);
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items[items.length - 1]![0];
}

/**
 * The partner's cities: the largest real cities (sections left out) plus the extras, each
 * under the partner's own id, sometimes its own spelling, and a centre a little off ours; then
 * cities that match none of ours. Each knows how many properties it has.
 */
export function partnerCities(
  geography: Pick<GeographyInputs, 'cities' | 'countries' | 'neighborhoods'>,
  options: LodgingGeneratorOptions,
): GeneratedPartnerCity[] {
  const countryNames = new Map(geography.countries.map((c) => [c.code, c.name]));
  const byId = new Map(geography.cities.map((c) => [c.cityId, c]));
  const largest = geography.cities
    .filter((c) => c.featureCode !== 'PPLX' && countryNames.has(c.country))
    .sort((a, b) => b.population - a.population || a.cityId - b.cityId)
    .slice(0, options.cities);
  const chosen = new Set(largest.map((c) => c.cityId));
  const extras = EXTRA_GEONAMES_IDS.flatMap((id) => {
    const city = byId.get(id);
    return city && !chosen.has(id) ? [city] : [];
  });
  const real: GeonamesCity[] = [...largest, ...extras];
  const neighborhoods = new Map<number, NeighborhoodInfo[]>();
  for (const n of geography.neighborhoods) {
    neighborhoods.set(n.cityId, [...(neighborhoods.get(n.cityId) ?? []), n]);
  }
  const weights = real.map((c) => Math.sqrt(Math.max(c.population, 1)));
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  const cities: GeneratedPartnerCity[] = real.map((c, i) => {
    const random = createPrng(hashSeed(options.seed, 'lodging-city', c.cityId));
    // The partner's centre: up to 1.5 km from ours.
    const centre = offsetPoint(
      { lat: c.latitude, lng: c.longitude },
      random() * 1500,
      random() * 2 * Math.PI,
    );
    return {
      city: {
        id: CITY_ID_START + i,
        name: PARTNER_NAMES[c.cityId] ?? c.name,
        country: countryNames.get(c.country)!,
        countryCode: c.country,
        latitude: round(centre.lat, 4),
        longitude: round(centre.lng, 4),
      },
      geonamesId: c.cityId,
      population: c.population,
      neighborhoods: neighborhoods.get(c.cityId) ?? [],
      propertyCount: Math.min(
        MAX_PER_CITY,
        Math.max(MIN_PER_CITY, Math.round((options.properties * weights[i]!) / totalWeight)),
      ),
    };
  });
  const unmatched = UNMATCHED_PARTNER_CITIES.map((c, i) => ({
    city: {
      ...c,
      id: CITY_ID_START + real.length + i,
      country: countryNames.get(c.countryCode) ?? c.countryCode,
    },
    geonamesId: null,
    population: 0,
    neighborhoods: [],
    propertyCount: MIN_PER_CITY,
  }));
  return [...cities, ...unmatched];
}

/** A new property of a city (id left to the caller), drawn from `random`. */
export function draftProperty(
  generated: GeneratedPartnerCity,
  random: () => number,
): Omit<PartnerPropertyRecord, 'id'> {
  const { city, neighborhoods, population } = generated;
  const type = weighted(random, TYPE_WEIGHTS);
  let district: PartnerPropertyRecord['district'] = null;
  let at: { lat: number; lng: number };
  if (neighborhoods.length > 0 && random() < 0.6) {
    const n = pick(random, neighborhoods);
    district = { id: hashSeed('district', n.cityId, n.slug) % 100_000, name: n.name };
    // Within 400 m of the centre: inside the neighborhood's 1 km square.
    at = offsetPoint({ lat: n.latitude, lng: n.longitude }, random() * 400, random() * 2 * Math.PI);
  } else {
    const radius = 1000 + Math.min(6000, Math.sqrt(population) * 4);
    at = offsetPoint(
      { lat: city.latitude, lng: city.longitude },
      random() * radius,
      random() * 2 * Math.PI,
    );
    if (random() < 0.5) {
      const name = pick(random, GENERIC_DISTRICTS);
      district = { id: hashSeed('district', city.id, name) % 100_000, name };
    }
  }
  const word = pick(random, WORDS);
  const name = pick(random, NAME_PATTERNS[type])
    .replace('{w}', word)
    .replace('{c}', city.name)
    .replace('{d}', district?.name ?? word);
  const nameSlug = slug(name);
  const currency = CURRENCIES[currencyOf(city.countryCode)]!;
  const [low, high] = PRICE_RANGES[type];
  const usd = low + (high - low) * random() ** 2;
  const ratings = random() < 0.05 ? 0 : intBetween(random, 3, 3000);
  const facilities = FACILITIES.filter(() => random() < 0.35);
  return {
    name,
    type,
    address1: `${intBetween(random, 1, 180)} ${pick(random, STREETS)}`,
    address2: random() < 0.2 ? `Floor ${intBetween(random, 1, 6)}` : null,
    latitude: round(at.lat, 6),
    longitude: round(at.lng, 6),
    district,
    overallRating: {
      overall: ratings === 0 ? null : intBetween(random, 55, 98),
      numberOfRatings: ratings,
    },
    lowestPricePerNight: {
      value: (usd * currency.perUsd).toFixed(currency.decimals),
      currency: currency.code,
    },
    facilities: facilities.length > 0 ? facilities : ['Free WiFi'],
    images: Array.from({ length: intBetween(random, 1, 4) }, (_, i) => ({
      prefix: `https://img.lodging.example/${city.id}/${nameSlug}-${i + 1}`,
      suffix: '.jpg',
    })),
  };
}

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** A city's generated properties, made anew on every call, the same for the same seed. */
export function cityProperties(
  generated: GeneratedPartnerCity,
  seed: number,
): PartnerPropertyRecord[] {
  const random = createPrng(hashSeed(seed, 'lodging-properties', generated.city.id));
  return Array.from({ length: generated.propertyCount }, (_, k) => ({
    id: generated.city.id * 10_000 + k + 1,
    ...draftProperty(generated, random),
  }));
}

/** The partner's data: its cities at once, each city's properties generated when pulled. */
export function generateLodgingPartner(
  geography: Pick<GeographyInputs, 'cities' | 'countries' | 'neighborhoods'>,
  options: LodgingGeneratorOptions,
): { data: LodgingPartnerData; cities: readonly GeneratedPartnerCity[] } {
  const cities = partnerCities(geography, options);
  const byId = new Map(cities.map((c) => [c.city.id, c]));
  return {
    cities,
    data: {
      cities: cities.map((c) => c.city),
      properties: (city) => cityProperties(byId.get(city.id)!, options.seed),
    },
  };
}

export interface LodgingChanges {
  readonly priceChanges: number;
  readonly openings: number;
  readonly closings: number;
}

/**
 * One round of partner changes: prices move by 5-20% up or down, properties open and close, in
 * cities picked at random. Returns a line saying what changed.
 */
export function mutateLodgings(
  partner: LodgingPartner,
  cities: readonly GeneratedPartnerCity[],
  random: () => number,
  changes: LodgingChanges,
): string {
  const live = (c: GeneratedPartnerCity) => partner.properties(c.city.id) ?? [];
  let repriced = 0;
  for (let i = 0; i < changes.priceChanges; i++) {
    const city = pick(random, cities);
    const properties = live(city).filter((p) => p.lowestPricePerNight !== null);
    if (properties.length === 0) continue;
    const p = pick(random, properties);
    const { value, currency } = p.lowestPricePerNight!;
    const factor = 1 + (random() < 0.5 ? -1 : 1) * (0.05 + random() * 0.15);
    const decimals = CURRENCIES[currency]?.decimals ?? 2;
    partner.setPrice(city.city.id, p.id, (Number(value) * factor).toFixed(decimals));
    repriced += 1;
  }
  let closed = 0;
  for (let i = 0; i < changes.closings; i++) {
    const city = pick(random, cities);
    const properties = live(city);
    // A city keeps at least one property.
    if (properties.length < 2) continue;
    partner.closeProperty(city.city.id, pick(random, properties).id);
    closed += 1;
  }
  const opened: number[] = [];
  for (let i = 0; i < changes.openings; i++) {
    const city = pick(random, cities);
    opened.push(partner.openProperty(city.city.id, draftProperty(city, random)).id);
  }
  return `lodging partner: ${repriced} prices changed, ${closed} properties closed, opened ${opened.join(', ') || 'none'}`;
}
