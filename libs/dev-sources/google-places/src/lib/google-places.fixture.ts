import { CMS_FIXTURE_POINTS_OF_INTEREST, fixtureGooglePlaceId } from '@waypost/dev-sources/cms';
import { openAroundTheClock, weeklyHours } from './google-places.hours';
import { GooglePlace } from './google-places.types';

/** The API key the fixture stand-in accepts. */
export const GOOGLE_FIXTURE_API_KEY = 'AIzaFixtureKey000000000000000000000000';

const POI = CMS_FIXTURE_POINTS_OF_INTEREST;

/**
 * The Google place ids of the CMS fixture's points of interest, by POI handle, and what Google
 * knows of each. `miniaturWunderland` carries an id Google does not know (NOT_FOUND);
 * `eiffelTower` and the rest carry none.
 */
export const GOOGLE_PLACES_FIXTURE = {
  /** Open 24 hours (one period without a close). */
  brandenburgGate: { poiId: POI.brandenburgGate.id, id: fixtureGooglePlaceId(1) },
  /** Tuesday to Sunday 10-18, Thursday to 20, as its CMS hours. */
  pergamonMuseum: { poiId: POI.pergamonMuseum.id, id: fixtureGooglePlaceId(2) },
  /** An id in the CMS that Google answers NOT_FOUND for. */
  miniaturWunderland: { poiId: POI.miniaturWunderland.id, id: fixtureGooglePlaceId(3) },
  /** CLOSED_PERMANENTLY, no hours. */
  belemTower: { poiId: POI.belemTower.id, id: fixtureGooglePlaceId(4) },
  /** In America/Chicago: every day 9-17. */
  eiffelTowerTexas: { poiId: POI.eiffelTowerTexas.id, id: fixtureGooglePlaceId(6) },
  /** Hours that differ from the CMS's (Sunday open). */
  unplacedInMitte: { poiId: POI.unplacedInMitte.id, id: fixtureGooglePlaceId(7) },
  /** Past midnight: Friday and Saturday 10:00-02:00, other days to midnight. */
  unplacedNearLisbon: { poiId: POI.unplacedNearLisbon.id, id: fixtureGooglePlaceId(8) },
} as const;

const G = GOOGLE_PLACES_FIXTURE;
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];

const PLACES: readonly GooglePlace[] = [
  {
    id: G.brandenburgGate.id,
    displayName: { text: 'Brandenburger Tor', languageCode: 'de' },
    formattedAddress: 'Pariser Platz, 10117 Berlin, Germany',
    location: { latitude: 52.5162746, longitude: 13.3777041 },
    regularOpeningHours: openAroundTheClock(),
    utcOffsetMinutes: 60,
    rating: 4.7,
    userRatingCount: 182_311,
    businessStatus: 'OPERATIONAL',
    types: ['historical_landmark', 'tourist_attraction'],
  },
  {
    id: G.pergamonMuseum.id,
    displayName: { text: 'Pergamonmuseum', languageCode: 'de' },
    formattedAddress: 'Bodestraße 1-3, 10178 Berlin, Germany',
    location: { latitude: 52.5211, longitude: 13.3969 },
    regularOpeningHours: weeklyHours([
      { days: [0, 2, 3, 5, 6], open: '10:00', close: '18:00' },
      { days: [4], open: '10:00', close: '20:00' },
    ]),
    utcOffsetMinutes: 60,
    websiteUri: 'https://www.smb.museum/en/museums-institutions/pergamonmuseum/home/',
    rating: 4.6,
    userRatingCount: 41_027,
    businessStatus: 'OPERATIONAL',
    types: ['museum', 'tourist_attraction'],
  },
  {
    id: G.belemTower.id,
    displayName: { text: 'Torre de Belém', languageCode: 'pt' },
    formattedAddress: 'Av. Brasília, 1400-038 Lisboa, Portugal',
    location: { latitude: 38.6916, longitude: -9.216 },
    utcOffsetMinutes: 0,
    rating: 4.5,
    userRatingCount: 98_112,
    businessStatus: 'CLOSED_PERMANENTLY',
    types: ['historical_landmark'],
  },
  {
    id: G.eiffelTowerTexas.id,
    displayName: { text: 'Eiffel Tower Paris Texas', languageCode: 'en' },
    formattedAddress: '2025 S Collegiate Dr, Paris, TX 75460, USA',
    location: { latitude: 33.6624, longitude: -95.5478 },
    regularOpeningHours: weeklyHours([{ days: EVERY_DAY, open: '09:00', close: '17:00' }]),
    utcOffsetMinutes: -360,
    rating: 4.2,
    userRatingCount: 1_804,
    businessStatus: 'OPERATIONAL',
    types: ['tourist_attraction'],
  },
  {
    id: G.unplacedInMitte.id,
    displayName: { text: 'Café Einstein Unter den Linden', languageCode: 'de' },
    formattedAddress: 'Unter den Linden 42, 10117 Berlin, Germany',
    location: { latitude: 52.5171, longitude: 13.3875 },
    regularOpeningHours: weeklyHours([
      { days: [1, 2, 3, 4, 5], open: '08:00', close: '19:00' },
      { days: [6, 0], open: '09:00', close: '18:00' },
    ]),
    utcOffsetMinutes: 60,
    websiteUri: 'https://www.einstein-udl.com/',
    rating: 4.1,
    userRatingCount: 3_950,
    businessStatus: 'OPERATIONAL',
    types: ['cafe', 'restaurant'],
  },
  {
    id: G.unplacedNearLisbon.id,
    displayName: { text: 'Time Out Market Lisboa', languageCode: 'pt' },
    formattedAddress: 'Av. 24 de Julho 49, 1200-479 Lisboa, Portugal',
    location: { latitude: 38.7069, longitude: -9.1459 },
    regularOpeningHours: weeklyHours([
      { days: [0, 1, 2, 3, 4], open: '10:00', close: '00:00' },
      { days: [5, 6], open: '10:00', close: '02:00' },
    ]),
    utcOffsetMinutes: 0,
    websiteUri: 'https://www.timeoutmarket.com/lisboa/',
    rating: 4.5,
    userRatingCount: 64_488,
    businessStatus: 'OPERATIONAL',
    types: ['food_court', 'market'],
  },
];

/** Fresh copies of the places the fixture stand-in knows (not miniaturWunderland's id). */
export function googlePlacesFixture(): GooglePlace[] {
  return structuredClone([...PLACES]);
}
