import { CMS_FIXTURE_PLACES } from '@waypost/dev-sources/cms';
import { FixturePlaceCode, TOUR_FIXTURE_PLACES } from '@waypost/dev-sources/viator';
import { GAdventuresCatalogue, GAdventuresOptions } from './gadventures.catalogue';
import {
  GCountryRef,
  GDeparture,
  GDossierRecord,
  GItineraryDay,
  GPlaceRef,
  GTourDossier,
} from './gadventures.types';

const country = (id: string, name: string): GCountryRef => ({ id, href: `/countries/${id}`, name });
/** A G Adventures place: their own ids, not GeoNames'. */
export const gPlace = (
  id: number,
  name: string,
  [latitude, longitude]: [number, number],
  inCountry: GCountryRef,
): GPlaceRef => ({
  id: String(id),
  href: `/places/${id}`,
  name,
  latitude,
  longitude,
  country: inCountry,
});

const DE = country('DE', 'Germany');
const AT = country('AT', 'Austria');
const PT = country('PT', 'Portugal');
const FR = country('FR', 'France');
const CA = country('CA', 'Canada');
const AU = country('AU', 'Australia');

/** The places the fixture's itineraries visit, as G Adventures names and locates them. */
export const GADVENTURES_FIXTURE_PLACES = {
  munich: gPlace(7000101, 'Munich', [48.1351, 11.582], DE),
  salzburg: gPlace(7000102, 'Salzburg', [47.8095, 13.055], AT),
  vienna: gPlace(7000103, 'Vienna', [48.2082, 16.3738], AT),
  berlin: gPlace(7000104, 'Berlin', [52.52, 13.405], DE),
  hamburg: gPlace(7000105, 'Hamburg', [53.5511, 9.9937], DE),
  lisbon: gPlace(7000106, 'Lisbon', [38.7223, -9.1393], PT),
  // Not a place of the gazetteer (a town under our city threshold in the fixture): reported.
  sintra: gPlace(7000107, 'Sintra', [38.8029, -9.3817], PT),
  paris: gPlace(7000108, 'Paris', [48.8566, 2.3522], FR),
  victoria: gPlace(7000109, 'Victoria', [48.4284, -123.3656], CA),
  melbourne: gPlace(7000110, 'Melbourne', [-37.8136, 144.9631], AU),
  apolloBay: gPlace(7000111, 'Apollo Bay', [-38.7569, 143.6703], AU),
} as const;

const GP = GADVENTURES_FIXTURE_PLACES;
const C = CMS_FIXTURE_PLACES;
const T = TOUR_FIXTURE_PLACES;

/** One day per night at each stop, travel days between stops, as G's itineraries read. */
function days(route: readonly GPlaceRef[], nights = 2): GItineraryDay[] {
  const out: GItineraryDay[] = [];
  route.forEach((stop, i) => {
    if (i > 0) {
      const from = route[i - 1]!;
      out.push(
        day(
          out.length + 1,
          `${from.name}/${stop.name}`,
          `Travel from ${from.name} to ${stop.name}.`,
          from,
          stop,
        ),
      );
    }
    for (let n = i > 0 ? 1 : 0; n < nights; n++) {
      out.push(day(out.length + 1, stop.name, `Free time to explore ${stop.name}.`, stop, stop));
    }
  });
  return out;
}

const day = (
  n: number,
  label: string,
  summary: string,
  start_location: GPlaceRef,
  end_location: GPlaceRef,
): GItineraryDay => ({ day: n, label: `Day ${n} ${label}`, summary, start_location, end_location });

const stamp = (dayOfFebruary: number) =>
  `2026-02-${String(dayOfFebruary).padStart(2, '0')}T10:00:00Z`;

/** A dossier with its departures, from its route. */
export function gDossier(
  id: number,
  name: string,
  productLine: string,
  route: readonly GPlaceRef[],
  modifiedDay: number,
  priceEur: number,
  primaryCountry: GCountryRef = route[0]!.country,
  region = 'Europe',
): GDossierRecord {
  const itineraryDays = days(route);
  const visited = [...new Map(route.map((p) => [p.country.id, p.country])).values()];
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const dossier: GTourDossier = {
    id: String(id),
    href: `/tour_dossiers/${id}`,
    name,
    slug,
    product_line: productLine,
    description: `${name}: ${route.map((p) => p.name).join(', ')}.`,
    categories: [{ id: '1', name: 'Classic', category_type: { label: 'Travel Style' } }],
    geography: {
      region: {
        id: region === 'Europe' ? '4' : '9',
        href: `/regions/${region === 'Europe' ? 4 : 9}`,
        name: region,
      },
      start_city: route[0]!,
      finish_city: route.at(-1)!,
      primary_country: primaryCountry,
      visited_countries: visited,
    },
    images: [
      { type: 'BANNER', image_href: `https://media.gadventures.example/${productLine}/banner.jpg` },
      { type: 'MAP', image_href: `https://media.gadventures.example/${productLine}/map.png` },
    ],
    site_links: [
      { type: 'BOOK_NOW', href: `https://www.gadventures.com/trips/${slug}/${productLine}/` },
    ],
    departures_start_date: '2026-05-01',
    departures_end_date: '2026-10-30',
    structured_itineraries: [
      {
        id: `${id}1`,
        href: `/itineraries/${id}1/1`,
        variation_id: '1',
        valid_during_ranges: [{ start_date: '2026-01-01', end_date: null }],
        duration: itineraryDays.length,
        days: itineraryDays,
      },
    ],
    departures: { href: `/tour_dossiers/${id}/departures` },
    date_created: stamp(1),
    date_last_modified: stamp(modifiedDay),
  };
  const departures: GDeparture[] = [5, 7, 9].map((month, i) => {
    const start = `2026-${String(month).padStart(2, '0')}-0${i + 1}`;
    const finish = new Date(Date.parse(start) + (itineraryDays.length - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const eur = priceEur + i * 50;
    return {
      id: `${id}${i + 1}`,
      href: `/departures/${id}${i + 1}`,
      name: `${name} (${start})`,
      start_date: start,
      finish_date: finish,
      lowest_pp2a_prices: [
        { currency: 'EUR', amount: eur.toFixed(2) },
        { currency: 'USD', amount: (eur * 1.09).toFixed(2) },
        { currency: 'GBP', amount: (eur * 0.86).toFixed(2) },
      ],
      availability: { status: i === 2 ? 'LIMITED' : 'AVAILABLE', total: i === 2 ? 3 : 12 },
      date_last_modified: stamp(modifiedDay),
    };
  });
  return { dossier, departures };
}

/** A fixture dossier and what a sync should make of it. */
export interface FixtureGDossier {
  readonly record: GDossierRecord;
  /** The places visited, in itinerary order, that a sync should index it at directly. */
  readonly expectedPlaceCodes: readonly FixturePlaceCode[];
  readonly expectedStartPlaceCode: FixturePlaceCode | null;
  readonly invalidBecause: string | null;
}

const valid = (
  record: GDossierRecord,
  expectedPlaceCodes: FixturePlaceCode[],
): FixtureGDossier => ({
  record,
  expectedPlaceCodes,
  expectedStartPlaceCode: expectedPlaceCodes[0] ?? null,
  invalidBecause: null,
});

/** The fixture's dossiers by handle, in id order. */
export const GADVENTURES_FIXTURE_DOSSIERS = {
  // Multi-country: found from Bavaria, Germany, Austria and Europe alike.
  munichToVienna: valid(
    gDossier(
      21001,
      'Munich, Salzburg & Vienna',
      'EMSV',
      [GP.munich, GP.salzburg, GP.vienna],
      3,
      1190,
      AT,
    ),
    [T.munich.code, T.salzburg.code, T.vienna.code],
  ),
  berlinHamburg: valid(
    gDossier(21002, 'Berlin & Hamburg City Break', 'EBHC', [GP.berlin, GP.hamburg], 4, 640),
    [C.berlin.code, C.hamburg.code],
  ),
  lisbonSintra: valid(gDossier(21003, 'Lisbon & Sintra', 'ELSI', [GP.lisbon, GP.sintra], 5, 520), [
    C.lisbon.code,
  ]),
  parisWeekend: valid(gDossier(21004, 'Paris Long Weekend', 'EPLW', [GP.paris], 6, 480), [
    C.paris.code,
  ]),
  vancouverIsland: valid(
    gDossier(
      21005,
      'Vancouver Island Adventure',
      'NVIA',
      [GP.victoria],
      7,
      1450,
      CA,
      'North America',
    ),
    [T.victoriaCanada.code],
  ),
  greatOceanRoad: valid(
    gDossier(
      21006,
      'Melbourne & the Great Ocean Road',
      'AMGO',
      [GP.melbourne, GP.apolloBay],
      8,
      990,
      AU,
      'Oceania',
    ),
    [T.melbourne.code],
  ),
  broken: {
    record: {
      ...gDossier(21007, 'Broken Dossier', 'XBRK', [GP.berlin], 9, 100),
      raw: { name: null, geography: null, structured_itineraries: [] },
    },
    expectedPlaceCodes: [],
    expectedStartPlaceCode: null,
    invalidBecause: 'no name and no geography',
  },
} as const satisfies Record<string, FixtureGDossier>;

/** The fixture catalogue, stamping changes with `now` (default: the real clock). */
export function gAdventuresFixtureCatalogue(
  options: GAdventuresOptions = {},
): GAdventuresCatalogue {
  return new GAdventuresCatalogue(
    Object.values(GADVENTURES_FIXTURE_DOSSIERS).map((d) => d.record),
    options,
  );
}
