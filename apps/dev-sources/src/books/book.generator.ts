import {
  OnixBaseCatalogue,
  OnixPrice,
  OnixProduct,
  OnixProductForm,
  isbn13,
  isbn13CheckDigit,
} from '@waypost/dev-sources/onix-feed';
import themaPlaces from '../data/thema-places.json';
import { GeographyInputs } from '../geography/geography.builder';
import { createPrng, hashSeed, intBetween, pick } from '../pois/prng.util';

/** Every serve starts from the same catalogue. */
export const BOOKS_SEED = 20_260_301;
/** The base catalogue's changes are spread over the year before this. */
export const BOOKS_GENERATED_UNTIL = Date.UTC(2026, 10, 1);
/** Shares of bad records: a wrong ISBN-13 check digit, no title. */
export const BAD_ISBN_SHARE = 0.005;
export const NO_TITLE_SHARE = 0.005;
/** Share of city books that carry no place qualifier: only their title and keywords say where. */
const MENTION_ONLY_SHARE = 0.3;
const CITIES_PER_COUNTRY = 12;

/** What a book can be about: a country, a region with a Thema code, or a city. */
export interface BookDestination {
  readonly kind: 'country' | 'region' | 'city';
  readonly name: string;
  readonly countryName: string;
  /** Thema place qualifiers (scheme 94): the country's, and the region's where Thema has one. */
  readonly themaPlaces: readonly string[];
}

/** Thema place qualifiers by ISO 3166-1 alpha-2 country (src/data/thema-places.json). */
export const THEMA_COUNTRY_CODES: Readonly<Record<string, string>> = themaPlaces.countries;

/**
 * The destinations of the generated books: every country with a Thema code, the regions with
 * one, and the most populous cities of those countries (districts left out).
 */
export function bookDestinations(
  geography: Pick<GeographyInputs, 'countries' | 'cities'>,
): BookDestination[] {
  const countryNames = new Map(geography.countries.map((c) => [c.code, c.name]));
  const regionByAdmin1 = new Map(
    Object.entries(themaPlaces.regions).map(([code, r]) => [`${r.country}.${r.admin1}`, code]),
  );
  const destinations: BookDestination[] = [];
  for (const [country, code] of Object.entries(THEMA_COUNTRY_CODES)) {
    const countryName = countryNames.get(country);
    if (!countryName) continue;
    destinations.push({ kind: 'country', name: countryName, countryName, themaPlaces: [code] });
    const cities = geography.cities
      .filter((c) => c.country === country && c.featureCode !== 'PPLX')
      .sort((a, b) => b.population - a.population || a.cityId - b.cityId)
      .slice(0, CITIES_PER_COUNTRY);
    for (const city of cities) {
      const region = regionByAdmin1.get(`${country}.${city.adminCode}`);
      destinations.push({
        kind: 'city',
        name: city.name,
        countryName,
        themaPlaces: region ? [code, region] : [code],
      });
    }
  }
  for (const [code, region] of Object.entries(themaPlaces.regions)) {
    const countryName = countryNames.get(region.country);
    const countryCode = THEMA_COUNTRY_CODES[region.country];
    if (!countryName || !countryCode) continue;
    destinations.push({
      kind: 'region',
      name: region.name,
      countryName,
      themaPlaces: [countryCode, code],
    });
  }
  return destinations;
}

const TITLES = [
  '{} Pocket Guide',
  'The Rough Road to {}',
  '{}: The Complete Guide',
  'Walking {}',
  '48 Hours in {}',
  'Eating Out in {}',
  'A Year in {}',
  '{} by Rail',
  'Hidden {}',
  '{} for Families',
];
const SUBTITLES = [
  'Maps, walks & where to eat',
  'A traveller\u2019s companion',
  'Updated for the new season',
  null,
  null,
];
const AUTHORS = [
  'Ana Sousa',
  'Jonas Weber',
  'Mei Tanaka',
  'Claire Dubois',
  'Luca Bianchi',
  'Sofia García',
  'Amara Okafor',
  'Henrik Larsen',
  'Priya Nair',
  'Tom O\u2019Neill',
];
const PUBLISHERS = ['Waypost Press', 'Compass & Quill', 'Northbound Books', 'Editions Boussole'];
const TOPICS = ['street food', 'museums', 'hiking', 'nightlife', 'architecture', 'markets'];
const LANGUAGES = ['eng', 'eng', 'eng', 'eng', 'ger', 'fre', 'spa', 'ita'];
// Print and digital forms with their weights; digital ones carry EPUB or PDF.
const FORMS: readonly [OnixProductForm, 'E101' | 'E107' | null, number][] = [
  ['BC', null, 0.45],
  ['BB', null, 0.15],
  ['ED', 'E101', 0.3],
  ['EA', 'E107', 0.1],
];

const escapeText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function priceSet(random: () => number, digital: boolean): OnixPrice[] {
  const euros = digital ? intBetween(random, 4, 14) : intBetween(random, 9, 32);
  const cents = pick(random, ['.99', '.95', '.50', '.00']);
  const amount = (base: number, rate: number) =>
    (Math.round(base * rate) + Number(cents)).toFixed(2);
  return [
    { type: '02', amount: `${euros}${cents}`, currency: 'EUR' },
    { type: '02', amount: amount(euros, 0.86), currency: 'GBP' },
    { type: '01', amount: amount(euros, 1.08), currency: 'USD' },
    ...(random() < 0.3
      ? [{ type: '02' as const, amount: amount(euros, 0.95), currency: 'CHF' }]
      : []),
  ];
}

/** The record reference of the `index`-th generated product. */
export const bookReference = (index: number) => `WPS-${String(index).padStart(8, '0')}`;

/**
 * One generated book: the same index and seed give the same product. Its record reference and
 * ISBN derive from the index; `updatedAt` is given (the base spaces them out, rounds use now).
 */
export function generateBook(
  destinations: readonly BookDestination[],
  index: number,
  seed: number,
  updatedAt: Date,
): OnixProduct {
  const random = createPrng(hashSeed(seed, 'book', index));
  const destination = pick(random, destinations);
  let roll = random();
  const [form, formDetail] = FORMS.find(([, , weight]) => (roll -= weight) < 0) ?? FORMS[0]!;
  const digital = form === 'ED' || form === 'EA';
  const stem = `9781${String(index).padStart(8, '0')}`;
  const badIsbn = random() < BAD_ISBN_SHARE;
  const noTitle = random() < NO_TITLE_SHARE;
  const title = pick(random, TITLES).replace('{}', destination.name);
  const topic = pick(random, TOPICS);
  const mentionOnly = destination.kind === 'city' && random() < MENTION_ONLY_SHARE;
  const keywords =
    destination.kind === 'city'
      ? [destination.name, topic, ...(random() < 0.5 ? [destination.countryName] : [])]
      : [destination.name, topic];
  const authors = Array.from({ length: intBetween(random, 1, 2) }, () => pick(random, AUTHORS));
  const year = intBetween(random, 2012, 2026);
  const publishedOn = `${year}${String(intBetween(random, 1, 12)).padStart(2, '0')}${String(intBetween(random, 1, 28)).padStart(2, '0')}`;
  const where = escapeText(destination.name);
  const description = [
    `<p>The best of <b>${where}</b> &#8212; ${escapeText(topic)}, day trips &amp; where to stay.</p>`,
    random() < 0.5
      ? `<ul><li>${intBetween(random, 8, 40)} maps</li><li>Prices in ${pick(random, ['&#8364;', '&#163;', '$'])}</li></ul>`
      : `<p><i>\u201cIndispensable\u201d</i> &#8212; Travel Weekly</p>`,
  ].join('');
  return {
    recordReference: bookReference(index),
    isbn13: badIsbn ? `${stem}${(isbn13CheckDigit(stem) + 1) % 10}` : isbn13(stem),
    form,
    formDetail,
    title: noTitle ? null : title,
    subtitle: noTitle ? null : pick(random, SUBTITLES),
    authors: [...new Set(authors)],
    language: pick(random, LANGUAGES),
    themaSubjects: [random() < 0.8 ? 'WTH' : 'WTL'],
    themaPlaces: mentionOnly ? [] : destination.themaPlaces,
    keywords,
    descriptionXhtml: random() < 0.03 ? null : description,
    descriptionAs: random() < 0.3 ? 'escaped' : 'cdata',
    publisher: pick(random, PUBLISHERS),
    publishedOn,
    availability: random() < 0.92 ? '20' : '40',
    prices: priceSet(random, digital),
    updatedAt,
  };
}

/**
 * A catalogue of `count` generated books read lazily (nothing is kept per product): product `i`
 * changed last at an even step through the year before BOOKS_GENERATED_UNTIL.
 */
export function generatedBookCatalogue(
  destinations: readonly BookDestination[],
  count: number,
  seed: number,
): OnixBaseCatalogue {
  if (destinations.length === 0) throw new Error('no destinations to write books about');
  const step = Math.floor((365 * 86_400_000) / Math.max(count, 1));
  const start = BOOKS_GENERATED_UNTIL - 365 * 86_400_000;
  const updatedAt = (i: number) => new Date(Math.floor((start + i * step) / 1000) * 1000);
  return {
    count,
    product: (i) => generateBook(destinations, i, seed, updatedAt(i)),
    indexOf: (reference) => {
      const match = /^WPS-(\d{8})$/.exec(reference);
      const index = match ? Number(match[1]) : -1;
      return index >= 0 && index < count ? index : undefined;
    },
  };
}
