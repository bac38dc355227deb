import { createCmsSchema } from './cms.schema';
import { CmsBoundary, CmsOpeningHours } from './cms.tables';
import { CmsPlaceInput, CmsPointOfInterestInput, CmsWriter } from './cms.writer';

/** A closed ring around a lng/lat box, counter-clockwise as RFC 7946 asks of exterior rings. */
function box(west: number, south: number, east: number, north: number): CmsBoundary {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

type FixturePlace = CmsPlaceInput & { readonly id: number };

const place = <C extends string>(
  id: number,
  code: C,
  name: string,
  kind: CmsPlaceInput['kind'],
  parentCode: string | null,
  [latitude, longitude]: [number, number],
  extra: Partial<Pick<CmsPlaceInput, 'boundary' | 'population' | 'countryCode'>> = {},
): FixturePlace & { readonly code: C } => ({
  id,
  code,
  name,
  kind,
  parentCode,
  latitude,
  longitude,
  boundary: extra.boundary ?? null,
  population: extra.population ?? null,
  countryCode: extra.countryCode ?? null,
});

/**
 * The places of the small CMS test fixture, keyed by a handle, in insertion order; `id` is the
 * CMS id each gets in a fresh database (seedCmsFixture checks it).
 */
export const CMS_FIXTURE_PLACES = {
  world: place(1, 'world', 'World', 'world', null, [0, 0]),
  europe: place(2, 'continent-eu', 'Europe', 'continent', 'world', [54.53, 15.26]),
  northAmerica: place(3, 'continent-na', 'North America', 'continent', 'world', [54.53, -105.26]),
  germany: place(4, 'country-de', 'Germany', 'country', 'continent-eu', [51.16, 10.45], {
    boundary: box(5.9, 47.3, 15.0, 55.1),
    countryCode: 'DE',
  }),
  // Its polygon stops short of the coast, so Lisbon's centre falls outside it (like Natural Earth 1:50m).
  portugal: place(5, 'country-pt', 'Portugal', 'country', 'continent-eu', [39.6, -8.0], {
    boundary: box(-8.9, 36.9, -6.2, 42.15),
    countryCode: 'PT',
  }),
  france: place(6, 'country-fr', 'France', 'country', 'continent-eu', [46.6, 2.45], {
    countryCode: 'FR',
  }),
  unitedStates: place(7, 'country-us', 'United States', 'country', 'continent-na', [39.8, -98.6], {
    countryCode: 'US',
  }),
  berlinState: place(8, 'region-de-16', 'Berlin', 'region', 'country-de', [52.5, 13.4], {
    countryCode: 'DE',
  }),
  hamburgState: place(9, 'region-de-04', 'Hamburg', 'region', 'country-de', [53.55, 10.0], {
    countryCode: 'DE',
  }),
  lisbonDistrict: place(10, 'region-pt-14', 'Lisbon', 'region', 'country-pt', [38.9, -9.2], {
    countryCode: 'PT',
  }),
  ileDeFrance: place(11, 'region-fr-11', 'Île-de-France', 'region', 'country-fr', [48.7, 2.5], {
    countryCode: 'FR',
  }),
  texas: place(12, 'region-us-tx', 'Texas', 'region', 'country-us', [31.0, -99.0], {
    countryCode: 'US',
  }),
  berlin: place(13, 'city-2950159', 'Berlin', 'city', 'region-de-16', [52.52437, 13.41053], {
    population: 3426354,
    countryCode: 'DE',
  }),
  hamburg: place(14, 'city-2911298', 'Hamburg', 'city', 'region-de-04', [53.55073, 9.99302], {
    population: 1739117,
    countryCode: 'DE',
  }),
  lisbon: place(15, 'city-2267057', 'Lisbon', 'city', 'region-pt-14', [38.71667, -9.13333], {
    population: 517802,
    countryCode: 'PT',
  }),
  paris: place(16, 'city-2988507', 'Paris', 'city', 'region-fr-11', [48.85341, 2.3488], {
    population: 2138551,
    countryCode: 'FR',
  }),
  parisTexas: place(17, 'city-4717560', 'Paris', 'city', 'region-us-tx', [33.66094, -95.55551], {
    population: 24782,
    countryCode: 'US',
  }),
  mitte: place(
    18,
    'neighborhood-2950159-mitte',
    'Mitte',
    'neighborhood',
    'city-2950159',
    [52.52, 13.395],
    { boundary: box(13.37, 52.5, 13.42, 52.54), countryCode: 'DE' },
  ),
} as const satisfies Record<string, FixturePlace>;

type FixturePlaceCode = (typeof CMS_FIXTURE_PLACES)[keyof typeof CMS_FIXTURE_PLACES]['code'];

/** A fixture POI: `placeCode` is what the CMS stores (as its id); `expectedPlaceCode` what a sync should assign. */
export interface FixturePointOfInterest extends Omit<CmsPointOfInterestInput, 'placeId'> {
  readonly id: number;
  readonly placeCode: FixturePlaceCode | null;
  readonly expectedPlaceCode: FixturePlaceCode | null;
  /** Why a sync must dead-letter it; null for a valid record. */
  readonly invalidBecause: string | null;
}

const MUSEUM_HOURS: CmsOpeningHours = {
  tue: [['10:00', '18:00']],
  wed: [['10:00', '18:00']],
  thu: [['10:00', '20:00']],
  fri: [['10:00', '18:00']],
  sat: [['10:00', '18:00']],
  sun: [['10:00', '18:00']],
};
const CAFE_HOURS: CmsOpeningHours = {
  mon: [['08:00', '19:00']],
  tue: [['08:00', '19:00']],
  wed: [['08:00', '19:00']],
  thu: [['08:00', '19:00']],
  fri: [['08:00', '19:00']],
  sat: [['09:00', '13:00']],
};

const poi = (
  id: number,
  placeCode: FixturePlaceCode | null,
  expectedPlaceCode: FixturePlaceCode | null,
  fields: Omit<CmsPointOfInterestInput, 'placeId' | 'description' | 'address' | 'openingHours'> &
    Partial<Pick<CmsPointOfInterestInput, 'address' | 'openingHours'>>,
  invalidBecause: string | null = null,
): FixturePointOfInterest => ({
  id,
  placeCode,
  expectedPlaceCode,
  description: fields.name ? `${fields.name}, a fixture ${fields.category}.` : null,
  address: fields.address ?? null,
  openingHours: fields.openingHours ?? null,
  ...fields,
  invalidBecause,
});

/** A Google Places id of the fixture: the `ChIJ` prefix and length of real ones, no real place. */
export const fixtureGooglePlaceId = (n: number) => `ChIJwpFixture${String(n).padStart(14, '0')}`;

const MITTE = CMS_FIXTURE_PLACES.mitte.code;
const LISBON = CMS_FIXTURE_PLACES.lisbon.code;

/** The points of interest of the CMS test fixture, keyed by a handle, with their ids in a fresh database. */
export const CMS_FIXTURE_POINTS_OF_INTEREST = {
  brandenburgGate: poi(1, MITTE, MITTE, {
    googlePlaceId: fixtureGooglePlaceId(1),
    name: 'Brandenburg Gate',
    category: 'monument',
    latitude: 52.5163,
    longitude: 13.3777,
    address: 'Pariser Platz, 10117 Berlin',
  }),
  pergamonMuseum: poi(2, 'city-2950159', 'city-2950159', {
    googlePlaceId: fixtureGooglePlaceId(2),
    name: 'Pergamon Museum',
    category: 'museum',
    latitude: 52.5212,
    longitude: 13.3969,
    address: 'Bodestraße 1-3, 10178 Berlin',
    openingHours: MUSEUM_HOURS,
  }),
  miniaturWunderland: poi(3, 'city-2911298', 'city-2911298', {
    googlePlaceId: fixtureGooglePlaceId(3),
    name: 'Miniatur Wunderland',
    category: 'museum',
    latitude: 53.5437,
    longitude: 9.9885,
    openingHours: MUSEUM_HOURS,
  }),
  belemTower: poi(4, LISBON, LISBON, {
    googlePlaceId: fixtureGooglePlaceId(4),
    name: 'Belém Tower',
    category: 'monument',
    latitude: 38.6916,
    longitude: -9.216,
  }),
  eiffelTower: poi(5, 'city-2988507', 'city-2988507', {
    name: 'Eiffel Tower',
    category: 'viewpoint',
    latitude: 48.8584,
    longitude: 2.2945,
  }),
  eiffelTowerTexas: poi(6, 'city-4717560', 'city-4717560', {
    googlePlaceId: fixtureGooglePlaceId(6),
    name: 'Eiffel Tower',
    category: 'monument',
    latitude: 33.6624,
    longitude: -95.5478,
  }),
  // No place in the CMS; its point lies inside Mitte's polygon.
  unplacedInMitte: poi(7, null, MITTE, {
    googlePlaceId: fixtureGooglePlaceId(7),
    name: 'Café Einstein Unter den Linden',
    category: 'cafe',
    latitude: 52.5171,
    longitude: 13.3875,
    openingHours: CAFE_HOURS,
  }),
  // No place in the CMS and outside every polygon (coastal miss); Lisbon is about 1.5 km away.
  unplacedNearLisbon: poi(8, null, LISBON, {
    googlePlaceId: fixtureGooglePlaceId(8),
    name: 'Time Out Market',
    category: 'market',
    latitude: 38.7071,
    longitude: -9.1459,
  }),
  nullName: poi(
    9,
    'city-2950159',
    null,
    { name: null, category: 'cafe', latitude: 52.5301, longitude: 13.4012 },
    'name is missing',
  ),
  badLatitude: poi(
    10,
    null,
    null,
    { name: 'Nowhere Bar', category: 'bar', latitude: 123, longitude: 13.4 },
    'latitude 123 is out of range',
  ),
} as const satisfies Record<string, FixturePointOfInterest>;

/**
 * Creates the CMS schema in the (empty) database at `url` and loads the fixture. Throws when
 * the ids it gets differ from the constants above, i.e. when the database was not empty.
 */
export async function seedCmsFixture(url: string): Promise<void> {
  await createCmsSchema(url);
  const writer = new CmsWriter(url);
  try {
    const places: readonly FixturePlace[] = Object.values(CMS_FIXTURE_PLACES);
    const placeIds = await writer.insertPlaces(places);
    const pois: readonly FixturePointOfInterest[] = Object.values(CMS_FIXTURE_POINTS_OF_INTEREST);
    const poiIds = await writer.insertPointsOfInterest(
      pois.map((p) => ({
        placeId: p.placeCode === null ? null : (placeIds.get(p.placeCode) ?? null),
        name: p.name,
        category: p.category,
        description: p.description,
        latitude: p.latitude,
        longitude: p.longitude,
        address: p.address,
        openingHours: p.openingHours,
        googlePlaceId: p.googlePlaceId ?? null,
      })),
    );
    const misplaced = places.some((p) => placeIds.get(p.code) !== p.id);
    if (misplaced || poiIds.some((id, i) => id !== pois[i].id)) {
      throw new Error(`seedCmsFixture needs an empty CMS database: ${url} already had rows`);
    }
  } finally {
    await writer.close();
  }
}
