import { CmsPlaceInput } from '@waypost/dev-sources/cms';

type TourFixturePlace = CmsPlaceInput & { readonly code: string };

const place = <C extends string>(
  code: C,
  name: string,
  kind: CmsPlaceInput['kind'],
  parentCode: string,
  [latitude, longitude]: [number, number],
  countryCode: string | null,
  population: number | null = null,
): TourFixturePlace & { readonly code: C } => ({
  code,
  name,
  kind,
  parentCode,
  latitude,
  longitude,
  boundary: null,
  population,
  countryCode,
});

/**
 * Places the tour fixtures visit that the CMS fixture lacks (real GeoNames ids, as the demo
 * geography has them): Munich, Salzburg and Vienna for a multi-country tour, and three
 * Victorias (a city in Canada, a state in Australia, the capital of the Seychelles). Their
 * parents are CMS fixture places or come earlier in this list: seed `CMS_FIXTURE_PLACES` first.
 */
export const TOUR_FIXTURE_PLACES = {
  bavaria: place('region-de-02', 'Bavaria', 'region', 'country-de', [48.9, 11.4], 'DE'),
  munich: place(
    'city-2867714',
    'Munich',
    'city',
    'region-de-02',
    [48.13743, 11.57549],
    'DE',
    1260391,
  ),
  austria: place('country-at', 'Austria', 'country', 'continent-eu', [47.59, 14.12], 'AT'),
  salzburgState: place('region-at-05', 'Salzburg', 'region', 'country-at', [47.4, 13.2], 'AT'),
  salzburg: place(
    'city-2766824',
    'Salzburg',
    'city',
    'region-at-05',
    [47.79941, 13.04399],
    'AT',
    153377,
  ),
  viennaState: place('region-at-09', 'Vienna', 'region', 'country-at', [48.21, 16.37], 'AT'),
  vienna: place(
    'city-2761369',
    'Vienna',
    'city',
    'region-at-09',
    [48.20849, 16.37208],
    'AT',
    1691468,
  ),
  canada: place('country-ca', 'Canada', 'country', 'continent-na', [61.4, -98.3], 'CA'),
  britishColumbia: place(
    'region-ca-02',
    'British Columbia',
    'region',
    'country-ca',
    [49.9, -123.0],
    'CA',
  ),
  victoriaCanada: place(
    'city-6174041',
    'Victoria',
    'city',
    'region-ca-02',
    [48.4359, -123.35155],
    'CA',
    289625,
  ),
  oceania: place('continent-oc', 'Oceania', 'continent', 'world', [-22.74, 140.02], null),
  australia: place('country-au', 'Australia', 'country', 'continent-oc', [-25.7, 134.5], 'AU'),
  victoriaState: place('region-au-07', 'Victoria', 'region', 'country-au', [-37.5, 144.8], 'AU'),
  melbourne: place(
    'city-2158177',
    'Melbourne',
    'city',
    'region-au-07',
    [-37.814, 144.96332],
    'AU',
    4246375,
  ),
  africa: place('continent-af', 'Africa', 'continent', 'world', [7.19, 21.09], null),
  seychelles: place('country-sc', 'Seychelles', 'country', 'continent-af', [-4.66, 55.47], 'SC'),
  // GeoNames has no English name for this division in our table: the demo calls it after its seat.
  victoriaRegion: place(
    'region-sc-26',
    'Victoria Region',
    'region',
    'country-sc',
    [-4.62, 55.455],
    'SC',
  ),
  victoriaSeychelles: place(
    'city-241131',
    'Victoria',
    'city',
    'region-sc-26',
    [-4.62001, 55.45501],
    'SC',
    22881,
  ),
} as const satisfies Record<string, TourFixturePlace>;

export type TourFixturePlaceCode =
  (typeof TOUR_FIXTURE_PLACES)[keyof typeof TOUR_FIXTURE_PLACES]['code'];
