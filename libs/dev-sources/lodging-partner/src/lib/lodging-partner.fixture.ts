import { CMS_FIXTURE_PLACES } from '@waypost/dev-sources/cms';
import { LodgingPartner, LodgingPartnerOptions } from './lodging-partner.model';
import { PartnerCity, PartnerPropertyRecord } from './lodging-partner.types';

type PlaceCode = (typeof CMS_FIXTURE_PLACES)[keyof typeof CMS_FIXTURE_PLACES]['code'];
const P = CMS_FIXTURE_PLACES;

/** A fixture city and the Waypost place a sync should map it to (null: reported, not dropped). */
export type FixturePartnerCity = PartnerCity & { readonly expectedPlaceCode: PlaceCode | null };

const city = (
  id: number,
  name: string,
  country: string,
  countryCode: string,
  [latitude, longitude]: [number, number],
  expectedPlaceCode: PlaceCode | null,
): FixturePartnerCity => ({
  id,
  name,
  country,
  countryCode,
  latitude,
  longitude,
  expectedPlaceCode,
});

/** The partner's cities in the fixture: its own ids, a local spelling, a name twice, one unknown. */
export const LODGING_FIXTURE_CITIES = {
  berlin: city(5001, 'Berlin', 'Germany', 'DE', [52.5167, 13.3833], P.berlin.code),
  hamburg: city(5002, 'Hamburg', 'Germany', 'DE', [53.5511, 9.9937], P.hamburg.code),
  // The partner's spelling, not the gazetteer's: only country and coordinates settle it.
  lisbon: city(5003, 'Lisboa', 'Portugal', 'PT', [38.7223, -9.1393], P.lisbon.code),
  paris: city(5004, 'Paris', 'France', 'FR', [48.8566, 2.3522], P.paris.code),
  parisTexas: city(5005, 'Paris', 'United States', 'US', [33.6609, -95.5555], P.parisTexas.code),
  // Matches no place of the fixture: a sync must report it, with its properties, never drop it.
  nowhereSprings: city(5099, 'Nowhere Springs', 'United States', 'US', [39.5, -116.9], null),
} as const satisfies Record<string, FixturePartnerCity>;

/** A fixture property, its partner city, and what a sync should make of it. */
export interface FixturePartnerProperty {
  readonly cityId: number;
  readonly property: PartnerPropertyRecord;
  /** The place a sync should index it at directly; null when it must be dead-lettered. */
  readonly expectedPlaceCode: PlaceCode | null;
  /** Why a sync must dead-letter it; null for a valid record. */
  readonly invalidBecause: string | null;
}

const C = LODGING_FIXTURE_CITIES;

const property = (
  cityId: number,
  id: number,
  name: string,
  type: PartnerPropertyRecord['type'],
  [latitude, longitude]: [number, number],
  price: [string, string],
  expectedPlaceCode: PlaceCode | null,
  extra: Partial<PartnerPropertyRecord> = {},
  invalidBecause: string | null = null,
): FixturePartnerProperty => ({
  cityId,
  expectedPlaceCode,
  invalidBecause,
  property: {
    id,
    name,
    type,
    address1: `${id % 97} Example Street`,
    address2: null,
    latitude,
    longitude,
    district: null,
    overallRating: { overall: 70 + (id % 30), numberOfRatings: 10 + (id % 500) },
    lowestPricePerNight: { value: price[0], currency: price[1] },
    facilities: ['Free WiFi', 'Linen Included'],
    images: [{ prefix: `https://img.lodging.example/${id}/1`, suffix: '.jpg' }],
    ...extra,
  },
});

const MITTE = { id: 71, name: 'Mitte' };
const KREUZBERG = { id: 72, name: 'Kreuzberg' };

/** The properties of the fixture, by handle, in id order within each city. */
export const LODGING_FIXTURE_PROPERTIES = {
  mitteHostel: property(
    C.berlin.id,
    10001,
    'Mitte Backpackers',
    'HOSTEL',
    [52.5219, 13.4016],
    ['19.50', 'EUR'],
    P.mitte.code,
    {
      district: MITTE,
      facilities: ['Free WiFi', 'Bar', '24 Hour Reception'],
    },
  ),
  mitteHotel: property(
    C.berlin.id,
    10002,
    'Hotel am Hackeschen Markt',
    'HOTEL',
    [52.5226, 13.4023],
    ['129.00', 'EUR'],
    P.mitte.code,
    {
      district: MITTE,
      overallRating: { overall: 91, numberOfRatings: 1204 },
    },
  ),
  // A district the gazetteer has no neighborhood for: indexed at its city.
  kreuzbergGuesthouse: property(
    C.berlin.id,
    10003,
    'Kreuzberg Guesthouse',
    'GUESTHOUSE',
    [52.4986, 13.403],
    ['54.00', 'EUR'],
    P.berlin.code,
    {
      district: KREUZBERG,
    },
  ),
  berlinApartment: property(
    C.berlin.id,
    10004,
    'Spree Apartments',
    'APARTMENT',
    [52.51, 13.45],
    ['88.00', 'EUR'],
    P.berlin.code,
  ),
  // Not rated yet.
  berlinNewHostel: property(
    C.berlin.id,
    10005,
    'Fresh Start Hostel',
    'HOSTEL',
    [52.53, 13.38],
    ['24.00', 'EUR'],
    P.berlin.code,
    {
      overallRating: { overall: null, numberOfRatings: 0 },
    },
  ),
  hamburgHostel: property(
    C.hamburg.id,
    20001,
    'Harbour Hostel',
    'HOSTEL',
    [53.5454, 9.9665],
    ['27.00', 'EUR'],
    P.hamburg.code,
  ),
  lisbonGuesthouse: property(
    C.lisbon.id,
    30001,
    'Casa do Castelo',
    'GUESTHOUSE',
    [38.7139, -9.1334],
    ['45.00', 'EUR'],
    P.lisbon.code,
  ),
  lisbonBroken: property(
    C.lisbon.id,
    30002,
    '',
    'HOSTEL',
    [38.71, -9.14],
    ['15.00', 'EUR'],
    null,
    {
      raw: { name: null, lowestPricePerNight: { value: 'n/a', currency: 'EUR' } },
    },
    'no name, and a price that is not a number',
  ),
  parisHotel: property(
    C.paris.id,
    40001,
    'Hôtel du Marais',
    'HOTEL',
    [48.859, 2.362],
    ['189.00', 'EUR'],
    P.paris.code,
  ),
  parisTexasMotel: property(
    C.parisTexas.id,
    50001,
    'Eiffel Tower Inn',
    'HOTEL',
    [33.66, -95.55],
    ['79.00', 'USD'],
    P.parisTexas.code,
  ),
  nowhereCabin: property(
    C.nowhereSprings.id,
    99001,
    'Desert Cabins',
    'APARTMENT',
    [39.5, -116.9],
    ['65.00', 'USD'],
    null,
  ),
} as const satisfies Record<string, FixturePartnerProperty>;

/** The fixture partner; `pageSize` small enough to make its cities several pages long in tests. */
export function lodgingFixturePartner(options: LodgingPartnerOptions = {}): LodgingPartner {
  const byCity = new Map<number, PartnerPropertyRecord[]>();
  for (const { cityId, property: p } of Object.values(LODGING_FIXTURE_PROPERTIES)) {
    byCity.set(cityId, [...(byCity.get(cityId) ?? []), p]);
  }
  const cities = Object.values(LODGING_FIXTURE_CITIES).map(
    ({ id, name, country, countryCode, latitude, longitude }) => ({
      id,
      name,
      country,
      countryCode,
      latitude,
      longitude,
    }),
  );
  return new LodgingPartner(
    { cities, properties: (c) => byCity.get(c.id) ?? [] },
    { pageSize: 2, ...options },
  );
}
