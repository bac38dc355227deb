import { CMS_FIXTURE_PLACES } from '@waypost/dev-sources/cms';
import { TOUR_FIXTURE_PLACES, TourFixturePlaceCode } from './tour-fixture.places';
import { ViatorCatalogue, ViatorCatalogueOptions } from './viator.catalogue';
import {
  ViatorActiveProduct,
  ViatorDestination,
  ViatorDestinationType,
  ViatorItineraryDay,
  ViatorProductRecord,
} from './viator.types';

/** A Waypost place id of the CMS fixture or of the tour fixture places. */
export type FixturePlaceCode =
  (typeof CMS_FIXTURE_PLACES)[keyof typeof CMS_FIXTURE_PLACES]['code'] | TourFixturePlaceCode;

/** A fixture destination and the place a sync should map it to (null: reported, unmapped). */
export type FixtureViatorDestination = ViatorDestination & {
  readonly expectedPlaceCode: FixturePlaceCode | null;
};

const C = CMS_FIXTURE_PLACES;
const T = TOUR_FIXTURE_PLACES;

function destination(
  destinationId: number,
  name: string,
  type: ViatorDestinationType,
  parent: FixtureViatorDestination | null,
  [latitude, longitude]: [number, number],
  expectedPlaceCode: FixturePlaceCode | null,
  currency = 'EUR',
  timeZone = 'Europe/Berlin',
): FixtureViatorDestination {
  return {
    destinationId,
    name,
    type,
    parentDestinationId: parent?.destinationId ?? null,
    lookupId: parent ? `${parent.lookupId}.${destinationId}` : String(destinationId),
    destinationUrl: `https://www.viator.com/${name.replace(/\W+/g, '-')}/d${destinationId}-ttd`,
    defaultCurrencyCode: currency,
    timeZone,
    center: { latitude, longitude },
    expectedPlaceCode,
  };
}

const europe = destination(6, 'Europe', 'CONTINENT', null, [54.5, 15.3], C.europe.code);
const germany = destination(187, 'Germany', 'COUNTRY', europe, [51.2, 10.4], C.germany.code);
const bavaria = destination(23, 'Bavaria', 'REGION', germany, [48.8, 11.5], T.bavaria.code);
const austria = destination(44, 'Austria', 'COUNTRY', europe, [47.5, 14.6], T.austria.code);
const france = destination(51, 'France', 'COUNTRY', europe, [46.2, 2.2], C.france.code);
const portugal = destination(63, 'Portugal', 'COUNTRY', europe, [39.4, -8.2], C.portugal.code);
const northAmerica = destination(
  8,
  'North America',
  'CONTINENT',
  null,
  [54.5, -105.3],
  C.northAmerica.code,
  'USD',
  'America/New_York',
);
const canada = destination(
  75,
  'Canada',
  'COUNTRY',
  northAmerica,
  [56.1, -106.3],
  T.canada.code,
  'CAD',
  'America/Toronto',
);
const britishColumbia = destination(
  260,
  'British Columbia',
  'REGION',
  canada,
  [53.7, -127.6],
  T.britishColumbia.code,
  'CAD',
  'America/Vancouver',
);
const unitedStates = destination(
  77,
  'United States',
  'COUNTRY',
  northAmerica,
  [37.1, -95.7],
  C.unitedStates.code,
  'USD',
  'America/New_York',
);
const texas = destination(
  5195,
  'Texas',
  'REGION',
  unitedStates,
  [31.0, -100.0],
  C.texas.code,
  'USD',
  'America/Chicago',
);
const oceania = destination(
  3,
  'Oceania',
  'CONTINENT',
  null,
  [-22.7, 140.0],
  T.oceania.code,
  'AUD',
  'Australia/Sydney',
);
const australia = destination(
  22,
  'Australia',
  'COUNTRY',
  oceania,
  [-25.3, 133.8],
  T.australia.code,
  'AUD',
  'Australia/Sydney',
);
const africa = destination(
  1,
  'Africa',
  'CONTINENT',
  null,
  [7.2, 21.1],
  T.africa.code,
  'USD',
  'Africa/Nairobi',
);
const seychelles = destination(
  4460,
  'Seychelles',
  'COUNTRY',
  africa,
  [-4.68, 55.49],
  T.seychelles.code,
  'SCR',
  'Indian/Mahe',
);
// Viator files Victoria under the island; the gazetteer has no place called Mahé.
const mahe = destination(
  4461,
  'Mahé',
  'REGION',
  seychelles,
  [-4.6827, 55.48],
  null,
  'SCR',
  'Indian/Mahe',
);

/** The fixture's destination tree, by handle, parents before children. */
export const VIATOR_FIXTURE_DESTINATIONS = {
  europe,
  germany,
  bavaria,
  munich: destination(487, 'Munich', 'CITY', bavaria, [48.1372, 11.5756], T.munich.code),
  berlin: destination(488, 'Berlin', 'CITY', germany, [52.52, 13.405], C.berlin.code),
  austria,
  salzburg: destination(
    531,
    'Salzburg',
    'CITY',
    austria,
    [47.8095, 13.055],
    T.salzburg.code,
    'EUR',
    'Europe/Vienna',
  ),
  vienna: destination(
    454,
    'Vienna',
    'CITY',
    austria,
    [48.2082, 16.3738],
    T.vienna.code,
    'EUR',
    'Europe/Vienna',
  ),
  france,
  paris: destination(
    479,
    'Paris',
    'CITY',
    france,
    [48.8566, 2.3522],
    C.paris.code,
    'EUR',
    'Europe/Paris',
  ),
  portugal,
  lisbon: destination(
    538,
    'Lisbon',
    'CITY',
    portugal,
    [38.7223, -9.1393],
    C.lisbon.code,
    'EUR',
    'Europe/Lisbon',
  ),
  // A region the gazetteer has nothing for, out at sea: reported, never guessed.
  costaPerdida: destination(
    99001,
    'Costa Perdida',
    'REGION',
    portugal,
    [37.2, -11.9],
    null,
    'EUR',
    'Europe/Lisbon',
  ),
  northAmerica,
  canada,
  britishColumbia,
  victoriaCanada: destination(
    4387,
    'Victoria',
    'CITY',
    britishColumbia,
    [48.4284, -123.3656],
    T.victoriaCanada.code,
    'CAD',
    'America/Vancouver',
  ),
  unitedStates,
  texas,
  parisTexas: destination(
    50610,
    'Paris',
    'CITY',
    texas,
    [33.6609, -95.5555],
    C.parisTexas.code,
    'USD',
    'America/Chicago',
  ),
  oceania,
  australia,
  // Victoria the Australian state: a REGION named like the two cities.
  victoriaState: destination(
    373,
    'Victoria',
    'REGION',
    australia,
    [-36.9848, 143.3906],
    T.victoriaState.code,
    'AUD',
    'Australia/Melbourne',
  ),
  melbourne: destination(
    384,
    'Melbourne',
    'CITY',
    australia,
    [-37.8136, 144.9631],
    T.melbourne.code,
    'AUD',
    'Australia/Melbourne',
  ),
  africa,
  seychelles,
  mahe,
  victoriaSeychelles: destination(
    4463,
    'Victoria',
    'CITY',
    mahe,
    [-4.6191, 55.4513],
    T.victoriaSeychelles.code,
    'SCR',
    'Indian/Mahe',
  ),
} as const satisfies Record<string, FixtureViatorDestination>;

const D = VIATOR_FIXTURE_DESTINATIONS;

/** A fixture product and what a sync should make of it. */
export interface FixtureViatorProduct {
  readonly record: ViatorProductRecord;
  /** The places a sync should index it at directly, in itinerary order; [] when it has none. */
  readonly expectedPlaceCodes: readonly FixturePlaceCode[];
  readonly expectedStartPlaceCode: FixturePlaceCode | null;
  /** Why a sync must dead-letter it; null for a valid record. */
  readonly invalidBecause: string | null;
}

const at = (day: number) => `2026-02-${String(day).padStart(2, '0')}T10:00:00.000Z`;

function active(
  productCode: string,
  day: number,
  title: string,
  stops: readonly FixtureViatorDestination[],
  minutes: number,
  [fromPrice, currency]: [number, string],
  extra: Partial<ViatorActiveProduct> & { raw?: Record<string, unknown> } = {},
): ViatorProductRecord {
  const multiDay = minutes >= 24 * 60;
  const days: ViatorItineraryDay[] = stops.map((d, i) => ({
    title: i === 0 ? `Arrive in ${d.name}` : `${stops[i - 1]!.name} to ${d.name}`,
    dayNumber: i + 1,
    items: [
      { description: `Guided walk through ${d.name}.`, destinationRef: String(d.destinationId) },
    ],
  }));
  const duration = { fixedDurationInMinutes: minutes };
  return {
    status: 'ACTIVE',
    productCode,
    language: 'en',
    createdAt: at(1),
    lastUpdatedAt: at(day),
    title,
    description: `${title}. Small groups, a local guide, no queues.`,
    images: [
      {
        imageSource: 'SUPPLIER',
        caption: title,
        isCover: true,
        variants: [
          {
            height: 480,
            width: 720,
            url: `https://media.viator.example/${productCode}/720x480.jpg`,
          },
          {
            height: 200,
            width: 200,
            url: `https://media.viator.example/${productCode}/200x200.jpg`,
          },
        ],
      },
    ],
    duration,
    pricingInfo: {
      type: 'PER_PERSON',
      ageBands: [
        { ageBand: 'ADULT', startAge: 18, endAge: 99 },
        { ageBand: 'CHILD', startAge: 4, endAge: 17 },
      ],
    },
    pricing: { summary: { fromPrice }, currency },
    reviews: {
      sources: [{ provider: 'VIATOR', totalCount: 120, averageRating: 4.6 }],
      totalReviews: 120,
      combinedAverageRating: 4.6,
    },
    destinations: stops.map((d, i) => ({ ref: String(d.destinationId), primary: i === 0 })),
    itinerary: multiDay
      ? { itineraryType: 'MULTI_DAY_TOUR', days }
      : { itineraryType: 'STANDARD', duration },
    supplier: { name: 'Fixture Tours GmbH' },
    productUrl: `https://www.viator.com/tours/${productCode}?pid=P00000&mcid=42383`,
    tags: [21972, 11889],
    ...extra,
  };
}

const valid = (
  record: ViatorProductRecord,
  expectedPlaceCodes: readonly FixturePlaceCode[],
): FixtureViatorProduct => ({
  record,
  expectedPlaceCodes,
  expectedStartPlaceCode: expectedPlaceCodes[0] ?? null,
  invalidBecause: null,
});
const invalid = (record: ViatorProductRecord, invalidBecause: string): FixtureViatorProduct => ({
  record,
  expectedPlaceCodes: [],
  expectedStartPlaceCode: null,
  invalidBecause,
});

/** The fixture's products, by handle, in feed order (oldest modification first). */
export const VIATOR_FIXTURE_PRODUCTS = {
  munichWalk: valid(
    active('5010MUC', 2, 'Munich Old Town Walking Tour', [D.munich], 180, [25, 'EUR']),
    [T.munich.code],
  ),
  munichSalzburgVienna: valid(
    active(
      '7781ALPS',
      3,
      'Munich, Salzburg and Vienna in Three Days',
      [D.munich, D.salzburg, D.vienna],
      3 * 24 * 60,
      [690, 'EUR'],
    ),
    [T.munich.code, T.salzburg.code, T.vienna.code],
  ),
  berlinFood: valid(
    active('3301BERFOOD', 4, 'Berlin Street Food Tour', [D.berlin], 210, [59, 'EUR']),
    [C.berlin.code],
  ),
  victoriaWhales: valid(
    active('4410YYJWHALE', 5, 'Victoria Whale Watching Cruise', [D.victoriaCanada], 180, [
      139,
      'CAD',
    ]),
    [T.victoriaCanada.code],
  ),
  greatOceanRoad: valid(
    active(
      '5050GOR',
      6,
      'Great Ocean Road Day Trip from Melbourne',
      [D.melbourne, D.victoriaState],
      720,
      [129, 'AUD'],
    ),
    [T.melbourne.code, T.victoriaState.code],
  ),
  victoriaMarket: valid(
    active('8820SEZ', 7, 'Victoria Market and Botanical Garden Tour', [D.victoriaSeychelles], 240, [
      85,
      'EUR',
    ]),
    [T.victoriaSeychelles.code],
  ),
  parisTexas: valid(
    active('9101PRX', 8, 'Paris, Texas: Eiffel Tower and Historic Downtown', [D.parisTexas], 120, [
      35,
      'USD',
    ]),
    [C.parisTexas.code],
  ),
  lisbonTram: valid(
    active('2202LISTRAM', 9, 'Lisbon Tram 28 and Alfama Walk', [D.lisbon], 150, [32, 'EUR']),
    [C.lisbon.code],
  ),
  // Deactivated before the fixture starts: only code, status and dates.
  retired: valid(
    { status: 'INACTIVE', productCode: '1001OLD', createdAt: at(1), lastUpdatedAt: at(10) },
    [],
  ),
  parisNight: valid(
    active(
      '6060PARNIGHT',
      11,
      'Paris by Night: Seine Cruise and Montmartre',
      [D.paris],
      240,
      [79, 'EUR'],
      {
        duration: { variableDurationFromMinutes: 180, variableDurationToMinutes: 300 },
      },
    ),
    [C.paris.code],
  ),
  // Only a destination the gazetteer cannot place: kept, indexed nowhere, its destination reported.
  lostCoast: valid(
    active('7070LOST', 12, 'Costa Perdida Boat Trip', [D.costaPerdida], 300, [99, 'EUR']),
    [],
  ),
  noTitle: invalid(
    active('9901BAD', 13, 'Untitled', [D.berlin], 60, [10, 'EUR'], { raw: { title: null } }),
    'no title',
  ),
  unknownDestination: invalid(
    active('9902BAD', 14, 'Mystery Tour', [D.berlin], 60, [10, 'EUR'], {
      raw: { destinations: [{ ref: '424242', primary: true }] },
    }),
    'its only destination is not in /destinations',
  ),
} as const satisfies Record<string, FixtureViatorProduct>;

function withoutExpectation(fixture: FixtureViatorDestination): ViatorDestination {
  const { expectedPlaceCode, ...destination } = fixture;
  void expectedPlaceCode;
  return destination;
}

/** The fixture catalogue, stamping changes with `now` (default: the real clock). */
export function viatorFixtureCatalogue(options: ViatorCatalogueOptions = {}): ViatorCatalogue {
  return new ViatorCatalogue(
    {
      destinations: Object.values(VIATOR_FIXTURE_DESTINATIONS).map(withoutExpectation),
      products: Object.values(VIATOR_FIXTURE_PRODUCTS).map((p) => p.record),
    },
    options,
  );
}
