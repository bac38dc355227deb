import type {
  CmsBoundary,
  CmsOpeningHours,
  CmsPointOfInterestInput,
  Weekday,
} from '@waypost/dev-sources/cms';
import { Box, boundaryBox, boxContains, offsetPoint } from '../geography/geo.util';
import { createPrng, intBetween, pick } from './prng.util';

export const POI_CATEGORIES = [
  'museum',
  'restaurant',
  'cafe',
  'park',
  'viewpoint',
  'monument',
  'market',
  'bar',
  'hotel',
  'beach',
  'gallery',
  'theatre',
] as const;
export type PoiCategory = (typeof POI_CATEGORIES)[number];

/** How far from its city's centre a point of interest may lie. */
export const POI_RADIUS_M = 3000;
/** Shares of generated records: placed by the CMS, left for the sync to place, and broken. */
export const PLACED_SHARE = 0.8;
export const INVALID_SHARE = 0.01;

/** A city points of interest are generated around, with the neighborhoods inside it. */
export interface PoiAnchor {
  readonly placeId: number;
  readonly name: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly population: number;
  readonly neighborhoods: readonly { readonly placeId: number; readonly box: Box }[];
}

/** The fields of a CMS place that anchors are made of (an inserted row or a place read back). */
export interface AnchorPlace {
  readonly id: number;
  readonly parentId: number | null;
  readonly kind: string;
  readonly name: string;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly population: number | null;
  readonly boundary: CmsBoundary | null;
}

/** Anchors from CMS places: every located city, with the neighborhoods that have a boundary. */
export function poiAnchors(places: readonly AnchorPlace[]): PoiAnchor[] {
  const neighborhoods = new Map<number, { placeId: number; box: Box }[]>();
  for (const p of places) {
    if (p.kind !== 'neighborhood' || p.parentId === null || !p.boundary) continue;
    const list = neighborhoods.get(p.parentId) ?? [];
    list.push({ placeId: p.id, box: boundaryBox(p.boundary) });
    neighborhoods.set(p.parentId, list);
  }
  return places.flatMap((p) =>
    p.kind === 'city' && p.latitude !== null && p.longitude !== null
      ? [
          {
            placeId: p.id,
            name: p.name,
            latitude: p.latitude,
            longitude: p.longitude,
            population: p.population ?? 0,
            neighborhoods: neighborhoods.get(p.id) ?? [],
          },
        ]
      : [],
  );
}

const WORDS = [
  'Aurora',
  'Linden',
  'Harbor',
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
  'Granite',
  'Heron',
  'Ivory',
  'Jasmine',
  'Lantern',
  'Maple',
  'Nova',
  'Orchid',
  'Pebble',
  'Quartz',
  'Raven',
  'Sable',
  'Tulip',
  'Velvet',
  'Zephyr',
];
const THINGS = [
  'Modern Art',
  'Natural History',
  'Science',
  'Maps',
  'Clocks',
  'Photography',
  'Design',
  'Archaeology',
  'Music',
  'Trains',
  'Textiles',
  'Ceramics',
];
const ADJECTIVES = ['Golden', 'Blue', 'Hidden', 'Old', 'Little', 'Green', 'Silver', 'Red', 'Wild'];
const ANIMALS = ['Fox', 'Owl', 'Stag', 'Lion', 'Heron', 'Bear', 'Crow', 'Hare'];
const DISHES = ['Noodle', 'Olive', 'Grill', 'Fish', 'Dumpling', 'Taco', 'Pasta', 'Curry'];
const STREET_TYPES = ['Street', 'Avenue', 'Road', 'Lane', 'Square', 'Boulevard'];
const TONES = ['popular', 'quiet', 'historic', 'family-run', 'lively', 'charming', 'modern'];

type Namer = (random: () => number, city: string) => string;
const NAMERS: Readonly<Record<PoiCategory, readonly Namer[]>> = {
  museum: [
    (r, city) => `${city} Museum of ${pick(r, THINGS)}`,
    (r) => `Museum of ${pick(r, THINGS)}`,
  ],
  restaurant: [
    (r) => `${pick(r, ADJECTIVES)} ${pick(r, DISHES)} Kitchen`,
    (r) => `Restaurant ${pick(r, WORDS)}`,
  ],
  cafe: [(r) => `Café ${pick(r, WORDS)}`],
  park: [(r) => `${pick(r, WORDS)} Park`, (_r, city) => `${city} Botanical Garden`],
  viewpoint: [(r) => `${pick(r, WORDS)} Viewpoint`, (r) => `${pick(r, WORDS)} Hill Lookout`],
  monument: [(r) => `${pick(r, WORDS)} Monument`, (r) => `${pick(r, WORDS)} Memorial`],
  market: [(r) => `${pick(r, WORDS)} Market`, (_r, city) => `${city} Flea Market`],
  bar: [(r) => `The ${pick(r, ADJECTIVES)} ${pick(r, ANIMALS)}`, (r) => `Bar ${pick(r, WORDS)}`],
  hotel: [(r) => `Hotel ${pick(r, WORDS)}`, (r, city) => `${city} ${pick(r, WORDS)} Inn`],
  beach: [(r) => `${pick(r, WORDS)} Beach`],
  gallery: [(r) => `${pick(r, WORDS)} Gallery`],
  theatre: [(r) => `${pick(r, WORDS)} Theatre`, (_r, city) => `${city} Opera House`],
};

const days = (list: readonly Weekday[], hours: [string, string][]): CmsOpeningHours =>
  Object.fromEntries(list.map((day) => [day, hours]));
const WEEK: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const TUE_TO_SUN = WEEK.slice(1);
// null: open around the clock (parks, viewpoints, monuments, beaches, hotels' lobbies).
const HOURS: Readonly<Record<PoiCategory, CmsOpeningHours | null>> = {
  museum: { ...days(TUE_TO_SUN, [['10:00', '18:00']]), thu: [['10:00', '20:00']] },
  restaurant: days(TUE_TO_SUN, [
    ['12:00', '15:00'],
    ['18:00', '23:00'],
  ]),
  cafe: {
    ...days(WEEK.slice(0, 5), [['08:00', '18:00']]),
    ...days(['sat', 'sun'], [['09:00', '17:00']]),
  },
  park: days(WEEK, [['06:00', '22:00']]),
  viewpoint: null,
  monument: null,
  market: days(['wed', 'sat'], [['08:00', '14:00']]),
  bar: days(WEEK, [['18:00', '02:00']]),
  hotel: null,
  beach: null,
  gallery: days(['wed', 'thu', 'fri', 'sat', 'sun'], [['11:00', '19:00']]),
  theatre: days(TUE_TO_SUN, [['19:00', '23:00']]),
};

/**
 * Deterministic points of interest around real cities: the same anchors and seed give the
 * same sequence, so the first N records never depend on how many are asked for.
 */
export class PoiGenerator {
  private readonly random: () => number;
  private readonly cumulative: Float64Array;

  constructor(
    private readonly anchors: readonly PoiAnchor[],
    seed: number,
  ) {
    if (anchors.length === 0) throw new Error('no cities to place points of interest around');
    this.random = createPrng(seed);
    this.cumulative = new Float64Array(anchors.length);
    let total = 0;
    anchors.forEach((a, i) => (this.cumulative[i] = total += Math.max(a.population, 1)));
  }

  /** A city, chosen with probability proportional to its population. */
  private anchor(): PoiAnchor {
    const target = this.random() * this.cumulative[this.cumulative.length - 1];
    let [low, high] = [0, this.cumulative.length - 1];
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.cumulative[mid] > target) high = mid;
      else low = mid + 1;
    }
    return this.anchors[low];
  }

  category(): PoiCategory {
    return pick(this.random, POI_CATEGORIES);
  }

  name(category: PoiCategory, city: string): string {
    return pick(this.random, NAMERS[category])(this.random, city);
  }

  next(): CmsPointOfInterestInput {
    const city = this.anchor();
    const point = offsetPoint(
      { lat: city.latitude, lng: city.longitude },
      POI_RADIUS_M * Math.sqrt(this.random()),
      this.random() * 2 * Math.PI,
    );
    const category = this.category();
    const name = this.name(category, city.name);
    const street = `${intBetween(this.random, 1, 250)} ${pick(this.random, WORDS)} ${pick(this.random, STREET_TYPES)}`;
    const record: CmsPointOfInterestInput = {
      placeId: null,
      name,
      category,
      description: `A ${pick(this.random, TONES)} ${category} in ${city.name}.`,
      latitude: Math.round(point.lat * 1e6) / 1e6,
      longitude: Math.round(point.lng * 1e6) / 1e6,
      address: `${street}, ${city.name}`,
      openingHours: HOURS[category],
    };
    const roll = this.random();
    if (roll < PLACED_SHARE) {
      const hood = city.neighborhoods.find((n) => boxContains(n.box, point));
      return { ...record, placeId: hood?.placeId ?? city.placeId };
    }
    if (roll < 1 - INVALID_SHARE) return record;
    // Broken on purpose, as real CMS data is: the sync must dead-letter these.
    return roll < 1 - INVALID_SHARE / 2
      ? { ...record, placeId: city.placeId, name: null }
      : { ...record, placeId: city.placeId, latitude: 90 + Math.round(this.random() * 900) / 10 };
  }

  /** `count` records in arrays of at most `size`, generated lazily. */
  *batches(count: number, size: number): Generator<CmsPointOfInterestInput[]> {
    for (let done = 0; done < count;) {
      const batch = Array.from({ length: Math.min(size, count - done) }, () => this.next());
      done += batch.length;
      yield batch;
    }
  }
}
