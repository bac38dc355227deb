import {
  ViatorActiveProduct,
  ViatorCatalogue,
  ViatorCatalogueData,
  ViatorDestination,
  ViatorProductInput,
  ViatorProductRecord,
} from '@waypost/dev-sources/viator';
import { offsetPoint } from '../geography/geo.util';
import { currencyOf, fromUsd } from '../lodgings/lodging.generator';
import { createPrng, hashSeed, intBetween, pick } from '../pois/prng.util';
import { TourCity, nearbyCities, route } from './tour-cities';

/** Viator's own ids for the continents; countries, regions and cities are numbered from here. */
const CONTINENT_IDS: Readonly<Record<string, number>> = {
  AF: 1,
  AS: 2,
  OC: 3,
  EU: 6,
  NA: 8,
  SA: 9,
  AN: 10,
};
const CONTINENT_CENTRES: Readonly<Record<string, [number, number]>> = {
  AF: [7.19, 21.09],
  AN: [-82.86, 135.0],
  AS: [34.05, 100.62],
  EU: [54.53, 15.26],
  NA: [54.53, -105.26],
  OC: [-22.74, 140.02],
  SA: [-8.78, -55.49],
};
const COUNTRY_ID_START = 100;
const REGION_ID_START = 1000;
const CITY_ID_START = 5000;
const TIME_ZONES: Readonly<Record<string, string>> = {
  DE: 'Europe/Berlin',
  AT: 'Europe/Vienna',
  FR: 'Europe/Paris',
  GB: 'Europe/London',
  IT: 'Europe/Rome',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  JP: 'Asia/Tokyo',
  AU: 'Australia/Melbourne',
  CA: 'America/Toronto',
  US: 'America/New_York',
  SC: 'Indian/Mahe',
};

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** Viator's destination tree over the tour cities, and the city destination of each city. */
export interface ViatorDestinationTree {
  readonly destinations: readonly ViatorDestination[];
  readonly byCity: ReadonlyMap<number, ViatorDestination>;
}

/**
 * Continents > countries > regions (where our table names the GeoNames division, e.g. Bavaria,
 * Victoria in Australia) > cities, under Viator's own ids, with `lookupId` chains and centres
 * (a city's up to 1 km off ours). Same names recur on purpose: three Victorias, two Parises.
 */
export function viatorDestinations(
  cities: readonly TourCity[],
  seed: number,
): ViatorDestinationTree {
  const destinations: ViatorDestination[] = [];
  const add = (
    destinationId: number,
    name: string,
    type: ViatorDestination['type'],
    parent: ViatorDestination | null,
    [latitude, longitude]: [number, number],
    countryCode: string | null,
  ): ViatorDestination => {
    const d: ViatorDestination = {
      destinationId,
      name,
      type,
      parentDestinationId: parent?.destinationId ?? null,
      lookupId: parent ? `${parent.lookupId}.${destinationId}` : String(destinationId),
      destinationUrl: `https://www.viator.com/${slug(name)}/d${destinationId}-ttd`,
      defaultCurrencyCode: countryCode ? currencyOf(countryCode) : 'USD',
      timeZone: (countryCode && TIME_ZONES[countryCode]) || 'UTC',
      center: { latitude: round4(latitude), longitude: round4(longitude) },
    };
    destinations.push(d);
    return d;
  };
  const continents = new Map<string, ViatorDestination>();
  for (const code of [...new Set(cities.map((c) => c.continent))].sort()) {
    const city = cities.find((c) => c.continent === code)!;
    continents.set(
      code,
      add(
        CONTINENT_IDS[code] ?? 11,
        city.continentName,
        'CONTINENT',
        null,
        CONTINENT_CENTRES[code] ?? [0, 0],
        null,
      ),
    );
  }
  const countries = new Map<string, ViatorDestination>();
  [...new Set(cities.map((c) => c.countryCode))].sort().forEach((code, i) => {
    const largest = cities
      .filter((c) => c.countryCode === code)
      .sort((a, b) => b.population - a.population)[0]!;
    countries.set(
      code,
      add(
        COUNTRY_ID_START + i,
        largest.countryName,
        'COUNTRY',
        continents.get(largest.continent)!,
        [largest.latitude, largest.longitude],
        code,
      ),
    );
  });
  const regions = new Map<string, ViatorDestination>();
  const regionKey = (c: TourCity) => `${c.countryCode}.${c.admin1Code}`;
  [...new Set(cities.filter((c) => c.regionName).map(regionKey))].sort().forEach((key, i) => {
    const members = cities.filter((c) => regionKey(c) === key);
    const centre: [number, number] = [
      members.reduce((s, c) => s + c.latitude, 0) / members.length,
      members.reduce((s, c) => s + c.longitude, 0) / members.length,
    ];
    regions.set(
      key,
      add(
        REGION_ID_START + i,
        members[0]!.regionName!,
        'REGION',
        countries.get(members[0]!.countryCode)!,
        centre,
        members[0]!.countryCode,
      ),
    );
  });
  const byCity = new Map<number, ViatorDestination>();
  cities.forEach((c, i) => {
    const random = createPrng(hashSeed(seed, 'viator-destination', c.geonamesId));
    const centre = offsetPoint(
      { lat: c.latitude, lng: c.longitude },
      random() * 1000,
      random() * 2 * Math.PI,
    );
    const parent = regions.get(regionKey(c)) ?? countries.get(c.countryCode)!;
    byCity.set(
      c.geonamesId,
      add(CITY_ID_START + i, c.name, 'CITY', parent, [centre.lat, centre.lng], c.countryCode),
    );
  });
  return { destinations, byCity };
}

const CITY_TITLES = [
  '{c} Walking Tour',
  '{c} Food Tasting Tour',
  'Skip-the-Line {c} Highlights',
  '{c} by Bike',
  'Sunset Cruise in {c}',
  'Private Half-Day Tour of {c}',
  '{c} Night Tour',
  'Hidden Gems of {c}',
];
const SUPPLIERS = [
  'Urban Footprints',
  'Local Loop Tours',
  'Compass & Co. Travel',
  'Blue Door Experiences',
  'Wayfarer Guides',
  'Summit Day Trips',
];

export interface ViatorGeneratorOptions {
  readonly products: number;
  readonly seed: number;
}

/** Products are spread over the two years before this, in modification order. */
const GENERATED_UNTIL = Date.UTC(2026, 0, 1);
export const INACTIVE_SHARE = 0.03;
export const BROKEN_SHARE = 0.005;

/** A new ACTIVE product (code given), drawn from `random`: a city tour, a day trip or a multi-day tour. */
export function draftViatorProduct(
  productCode: string,
  cities: readonly TourCity[],
  tree: ViatorDestinationTree,
  random: () => number,
  stops?: readonly TourCity[],
): Extract<ViatorProductInput, { status: 'ACTIVE' }> {
  const kind = stops ? 'multi' : random() < 0.65 ? 'city' : random() < 0.57 ? 'day' : 'multi';
  const start = stops?.[0] ?? pick(random, cities);
  let visited: readonly TourCity[] = [start];
  if (kind === 'day') visited = [start, ...nearbyCities(start, cities, 250_000).slice(0, 1)];
  if (kind === 'multi') visited = stops ?? route(start, cities, intBetween(random, 2, 4), random);
  const multiDay = kind === 'multi' && visited.length > 1;
  const dayTrip = visited.length > 1 && !multiDay;
  const days = multiDay ? visited.length * 2 - 1 : 1;
  const minutes = multiDay
    ? days * 24 * 60
    : dayTrip
      ? intBetween(random, 8, 12) * 60
      : intBetween(random, 2, 10) * 30;
  const title = multiDay
    ? `${days}-Day ${visited
        .map((c) => c.name)
        .join(', ')
        .replace(/, ([^,]*)$/, ' and $1')} Tour`
    : dayTrip
      ? `Day Trip from ${start.name} to ${visited[1]!.name}`
      : pick(random, CITY_TITLES).replace('{c}', start.name);
  const destinations = visited.map((c) => tree.byCity.get(c.geonamesId)!);
  const currency = destinations[0]!.defaultCurrencyCode;
  const usd = multiDay
    ? days * (150 + random() * 250)
    : dayTrip
      ? 60 + random() * 190
      : 15 + random() * 105;
  const totalReviews = random() < 0.08 ? 0 : intBetween(random, 1, 5000);
  const rating = totalReviews === 0 ? 0 : Math.round((3.5 + random() * 1.5) * 10) / 10;
  const duration = { fixedDurationInMinutes: minutes };
  const images = Array.from({ length: intBetween(random, 1, 3) }, (_, i) => ({
    imageSource: 'SUPPLIER' as const,
    caption: `${title} (${i + 1})`,
    isCover: i === 0,
    variants: [
      {
        height: 480,
        width: 720,
        url: `https://media.viator.example/${productCode}/${i + 1}-720x480.jpg`,
      },
      {
        height: 200,
        width: 200,
        url: `https://media.viator.example/${productCode}/${i + 1}-200x200.jpg`,
      },
    ],
  }));
  const content: Omit<ViatorActiveProduct, 'createdAt' | 'lastUpdatedAt'> = {
    status: 'ACTIVE',
    productCode,
    language: 'en',
    title,
    description: `${title}: ${visited.map((c) => `${c.name} (${c.countryName})`).join(', ')}. Small groups and a local guide.`,
    images,
    duration,
    pricingInfo: {
      type: 'PER_PERSON',
      ageBands: [
        { ageBand: 'ADULT', startAge: 18, endAge: 99 },
        { ageBand: 'CHILD', startAge: 4, endAge: 17 },
      ],
    },
    pricing: { summary: { fromPrice: fromUsd(usd, currency) }, currency },
    reviews: {
      sources: [{ provider: 'VIATOR', totalCount: totalReviews, averageRating: rating }],
      totalReviews,
      combinedAverageRating: rating,
    },
    destinations: destinations.map((d, i) => ({ ref: String(d.destinationId), primary: i === 0 })),
    itinerary: multiDay
      ? {
          itineraryType: 'MULTI_DAY_TOUR',
          days: Array.from({ length: days }, (_, d) => {
            const stop = visited[Math.floor((d + 1) / 2)]!;
            const from = visited[Math.floor(d / 2)]!;
            return {
              title: d % 2 === 1 ? `${from.name} to ${stop.name}` : stop.name,
              dayNumber: d + 1,
              items: [
                {
                  description: `Guided visit of ${stop.name}.`,
                  destinationRef: String(tree.byCity.get(stop.geonamesId)!.destinationId),
                },
              ],
            };
          }),
        }
      : { itineraryType: 'STANDARD', duration },
    supplier: { name: pick(random, SUPPLIERS) },
    productUrl: `https://www.viator.com/tours/${slug(start.name)}/${slug(title)}/d${destinations[0]!.destinationId}-${productCode}`,
    tags: [intBetween(random, 11_000, 22_000), intBetween(random, 11_000, 22_000)],
  };
  return content;
}

const roundPrice = (value: number, currency: string) =>
  currency === 'JPY' ? Math.round(value) : Math.round(value * 100) / 100;

const productCode = (n: number) => `${10_000 + n}P${(hashSeed('code', n) % 90) + 1}`;

/**
 * The catalogue's initial data: `products` products in modification order over two years,
 * about 3% already INACTIVE (code and dates only) and 0.5% broken (no title, or a destination
 * /destinations does not have) for the dead-letter path. The first is Munich, Salzburg and
 * Vienna in five days, when the cities are there.
 */
export function generateViatorData(
  cities: readonly TourCity[],
  options: ViatorGeneratorOptions,
): ViatorCatalogueData & { readonly tree: ViatorDestinationTree } {
  const tree = viatorDestinations(cities, options.seed);
  const byId = new Map(cities.map((c) => [c.geonamesId, c]));
  const curated = [2867714, 2766824, 2761369].map((id) => byId.get(id));
  const spacing = Math.floor((2 * 365 * 86_400_000) / Math.max(options.products, 1));
  const products: ViatorProductRecord[] = Array.from({ length: options.products }, (_, i) => {
    const random = createPrng(hashSeed(options.seed, 'viator-product', i));
    const lastUpdated = GENERATED_UNTIL - (options.products - i) * spacing;
    const createdAt = new Date(lastUpdated - Math.floor(random() * 300) * 86_400_000).toISOString();
    const lastUpdatedAt = new Date(lastUpdated).toISOString();
    const code = productCode(i);
    if (i > 0 && random() < INACTIVE_SHARE) {
      return { status: 'INACTIVE', productCode: code, createdAt, lastUpdatedAt };
    }
    const stops = i === 0 && curated.every(Boolean) ? (curated as TourCity[]) : undefined;
    const draft = draftViatorProduct(code, cities, tree, random, stops);
    const broken =
      i > 0 && random() < BROKEN_SHARE
        ? random() < 0.5
          ? { raw: { title: null } }
          : { raw: { destinations: [{ ref: '999999', primary: true }] } }
        : {};
    return { ...draft, ...broken, createdAt, lastUpdatedAt };
  });
  return { destinations: tree.destinations, products, tree };
}

export interface ViatorChanges {
  readonly edits: number;
  readonly deactivations: number;
  readonly additions: number;
}

/**
 * One round of Viator changes: prices and review counts move on some products, a few go
 * INACTIVE, new ones are published; each lands at the end of the feed.
 */
export function mutateViator(
  catalogue: ViatorCatalogue,
  cities: readonly TourCity[],
  tree: ViatorDestinationTree,
  random: () => number,
  changes: ViatorChanges,
): string {
  const active = () =>
    catalogue
      .products()
      .filter((p): p is ViatorActiveProduct => p.status === 'ACTIVE' && !('raw' in p && p.raw));
  const edited: string[] = [];
  for (let i = 0; i < changes.edits; i++) {
    const p = pick(random, active());
    if (!p) break;
    const factor = 1 + (random() < 0.5 ? -1 : 1) * (0.05 + random() * 0.15);
    const reviews = p.reviews.totalReviews + intBetween(random, 1, 20);
    catalogue.edit(p.productCode, {
      pricing: {
        summary: {
          fromPrice: roundPrice(p.pricing.summary.fromPrice * factor, p.pricing.currency),
        },
        currency: p.pricing.currency,
      },
      reviews: { ...p.reviews, totalReviews: reviews },
    });
    edited.push(p.productCode);
  }
  const deactivated: string[] = [];
  for (let i = 0; i < changes.deactivations; i++) {
    const p = pick(random, active());
    if (!p) break;
    catalogue.deactivate(p.productCode);
    deactivated.push(p.productCode);
  }
  const added: string[] = [];
  for (let i = 0; i < changes.additions; i++) {
    const code = productCode(catalogue.products().length + 100_000 + i);
    added.push(catalogue.publish(draftViatorProduct(code, cities, tree, random)).productCode);
  }
  return `viator: edited ${edited.length}, deactivated ${deactivated.join(', ') || 'none'}, published ${added.join(', ') || 'none'}`;
}
