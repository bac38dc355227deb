import type { CmsPointOfInterestRow } from '@waypost/dev-sources/cms';
import {
  GoogleBusinessStatus,
  GoogleOpeningHours,
  GooglePlace,
  WeeklyOpening,
  openAroundTheClock,
  weeklyHours,
} from '@waypost/dev-sources/google-places';
import { offsetPoint } from '../geography/geo.util';
import { createPrng, hashSeed, intBetween } from '../pois/prng.util';

/** Google's view of the CMS's places is the same at every start. */
export const GOOGLE_SEED = 20_260_401;
export const PERMANENTLY_CLOSED_SHARE = 0.05;
export const TEMPORARILY_CLOSED_SHARE = 0.03;

/** A CMS point of interest with the names Google puts in its address. */
export type CmsPoiForGoogle = Pick<
  CmsPointOfInterestRow,
  'name' | 'category' | 'latitude' | 'longitude' | 'address'
> & {
  readonly googlePlaceId: string;
  readonly placeName: string | null;
  readonly countryName: string | null;
};

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
const TUE_TO_SUN = [0, 2, 3, 4, 5, 6];
// Google's hours per CMS category; null: none published; '24h': open around the clock.
const HOURS: Readonly<Record<string, readonly WeeklyOpening[] | '24h' | null>> = {
  museum: [
    { days: [0, 2, 3, 5, 6], open: '10:00', close: '18:00' },
    { days: [4], open: '10:00', close: '20:00' },
  ],
  restaurant: [
    { days: TUE_TO_SUN, open: '12:00', close: '15:00' },
    { days: TUE_TO_SUN, open: '18:00', close: '23:00' },
  ],
  cafe: [
    { days: [1, 2, 3, 4, 5], open: '08:00', close: '18:00' },
    { days: [6, 0], open: '09:00', close: '17:00' },
  ],
  park: [{ days: EVERY_DAY, open: '06:00', close: '22:00' }],
  market: [{ days: [3, 6], open: '08:00', close: '14:00' }],
  // Past midnight: open 18:00, closing at 02:00 the next day.
  bar: [{ days: EVERY_DAY, open: '18:00', close: '02:00' }],
  hotel: '24h',
  viewpoint: '24h',
  monument: null,
  beach: '24h',
  gallery: [{ days: [0, 3, 4, 5, 6], open: '11:00', close: '19:00' }],
  theatre: [{ days: TUE_TO_SUN, open: '19:00', close: '23:00' }],
};
const TYPES: Readonly<Record<string, string>> = {
  museum: 'museum',
  restaurant: 'restaurant',
  cafe: 'cafe',
  park: 'park',
  viewpoint: 'tourist_attraction',
  monument: 'historical_landmark',
  market: 'market',
  bar: 'bar',
  hotel: 'lodging',
  beach: 'beach',
  gallery: 'art_gallery',
  theatre: 'performing_arts_theater',
};

const slugify = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function hoursFor(category: string | null, random: () => number): GoogleOpeningHours | undefined {
  const hours = HOURS[category ?? ''];
  if (hours === '24h') return openAroundTheClock();
  if (!hours) return undefined;
  // Now and then Google knows hours an hour shorter than the CMS has.
  if (random() < 0.2) {
    return weeklyHours(
      hours.map((o) => ({
        ...o,
        close: `${String((Number(o.close.slice(0, 2)) + 23) % 24).padStart(2, '0')}${o.close.slice(2)}`,
      })),
    );
  }
  return weeklyHours(hours);
}

/**
 * What Google knows of a CMS point of interest, derived from the CMS row and its Google id alone
 * (so the same row always gives the same place): its name and address in Google's form, a point a
 * few metres off, hours by category (bars past midnight, hotels around the clock), a website and
 * rating for most, and a share closed permanently (no hours) or temporarily.
 */
export function googlePlaceFromCms(poi: CmsPoiForGoogle): GooglePlace {
  const random = createPrng(hashSeed(GOOGLE_SEED, poi.googlePlaceId));
  const roll = random();
  const businessStatus: GoogleBusinessStatus =
    roll < PERMANENTLY_CLOSED_SHARE
      ? 'CLOSED_PERMANENTLY'
      : roll < PERMANENTLY_CLOSED_SHARE + TEMPORARILY_CLOSED_SHARE
        ? 'CLOSED_TEMPORARILY'
        : 'OPERATIONAL';
  const name = poi.name ?? poi.placeName ?? 'Unnamed place';
  const latitude = poi.latitude ?? 0;
  const longitude = poi.longitude ?? 0;
  const moved = offsetPoint(
    { lat: Math.max(-89.9, Math.min(89.9, latitude)), lng: longitude },
    intBetween(random, 0, 25),
    random() * 2 * Math.PI,
  );
  const hours = hoursFor(poi.category, random);
  const website = random() < 0.75 ? `https://${slugify(name) || 'place'}.example.com/` : undefined;
  const rated = random() < 0.85;
  const rating = Math.round((3 + random() * 2) * 10) / 10;
  const userRatingCount = intBetween(random, 3, 25_000);
  const street = poi.address ?? poi.placeName ?? name;
  return {
    id: poi.googlePlaceId,
    displayName: { text: name, languageCode: 'en' },
    formattedAddress: poi.countryName ? `${street}, ${poi.countryName}` : street,
    location: {
      latitude: Math.round(moved.lat * 1e7) / 1e7,
      longitude: Math.round(moved.lng * 1e7) / 1e7,
    },
    ...(hours && businessStatus !== 'CLOSED_PERMANENTLY' && { regularOpeningHours: hours }),
    // Solar time, rounded to the hour: enough for a stand-in (the enrichment uses the IANA zone).
    utcOffsetMinutes: Math.round(longitude / 15) * 60,
    ...(website && { websiteUri: website }),
    ...(rated && { rating, userRatingCount }),
    businessStatus,
    types: [TYPES[poi.category ?? ''] ?? 'point_of_interest', 'point_of_interest'],
  };
}
