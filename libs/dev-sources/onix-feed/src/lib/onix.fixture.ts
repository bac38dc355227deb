import { CMS_FIXTURE_PLACES } from '@waypost/dev-sources/cms';
import { isbn13 } from './isbn.util';
import { OnixProduct } from './onix.types';

type PlaceCode = (typeof CMS_FIXTURE_PLACES)[keyof typeof CMS_FIXTURE_PLACES]['code'];

/** A fixture product and what a sync should make of it. */
export interface OnixFixtureProduct {
  readonly recordReference: string;
  /** Places found by Thema place qualifier (scheme 94), CMS fixture codes. */
  readonly expectedQualifierPlaceIds: readonly PlaceCode[];
  /** Places found by name in keywords and title (scheme 20, `TitleText`). */
  readonly expectedMentionPlaceIds: readonly PlaceCode[];
  /** Why a sync must dead-letter it; null for a valid record. */
  readonly invalidBecause: string | null;
}

const P = CMS_FIXTURE_PLACES;
const at = (iso: string) => new Date(`${iso}Z`);

const product = (
  n: number,
  fields: Partial<OnixProduct> & Pick<OnixProduct, 'title' | 'updatedAt'>,
): OnixProduct => ({
  recordReference: `waypost-shop-${String(n).padStart(6, '0')}`,
  isbn13: isbn13(`9781000${String(n).padStart(5, '0')}`),
  form: 'BC',
  formDetail: null,
  subtitle: null,
  authors: ['Ana Sousa'],
  language: 'eng',
  themaSubjects: ['WTH'],
  themaPlaces: [],
  keywords: [],
  descriptionXhtml: `<p>A fixture book.</p>`,
  publisher: 'Waypost Press',
  publishedOn: '20250301',
  availability: '20',
  prices: [
    { type: '02', amount: '14.99', currency: 'EUR' },
    { type: '02', amount: '12.99', currency: 'GBP' },
  ],
  ...fields,
});

const PRODUCTS: readonly OnixProduct[] = [
  // Germany and the Land of Berlin by their qualifiers, the city by its keywords and title.
  product(1, {
    title: 'Berlin Pocket Guide',
    subtitle: 'Mitte, Kreuzberg & beyond',
    themaPlaces: ['1DFG', '1DFG-DE-BE'],
    keywords: ['Berlin', 'street food', 'museums'],
    form: 'BC',
    descriptionXhtml:
      '<p>Walks from the <b>Brandenburg Gate</b> to Kreuzberg &amp; Neukölln.</p><ul><li>Maps</li><li>Cafés</li></ul>',
    updatedAt: at('2026-03-01T09:00:00'),
  }),
  // The same book as an EPUB, its description escaped rather than in CDATA.
  product(2, {
    title: 'Berlin Pocket Guide',
    themaPlaces: ['1DFG'],
    keywords: ['Berlin'],
    form: 'ED',
    formDetail: 'E101',
    descriptionXhtml: '<p>The e-book edition: <i>searchable</i> &amp; light.</p>',
    descriptionAs: 'escaped',
    prices: [
      { type: '02', amount: '9.99', currency: 'EUR' },
      { type: '02', amount: '10.99', currency: 'USD' },
    ],
    updatedAt: at('2026-03-01T09:00:00'),
  }),
  // A hardback: Germany by qualifier, Hamburg by keywords and title.
  product(3, {
    title: 'Hamburg Harbour Walks',
    themaPlaces: ['1DFG'],
    keywords: ['Hamburg', 'harbour'],
    form: 'BB',
    publishedOn: '20240915',
    updatedAt: at('2026-03-02T10:00:00'),
  }),
  // France by qualifier; "Paris" in keywords beside France means the French one.
  product(4, {
    title: 'Paris in Spring',
    themaPlaces: ['1DDF'],
    keywords: ['Paris', 'gardens'],
    language: 'fre',
    authors: ['Claire Dubois', 'Marc Petit'],
    descriptionXhtml: '<p>Chestnut trees along the Seine &#8212; and where to sit under them.</p>',
    updatedAt: at('2026-03-03T08:00:00'),
  }),
  // Paris, Texas: the title names it, the keywords say Texas.
  product(5, {
    title: 'Paris, Texas: A Small-Town Road Trip',
    themaPlaces: ['1KBB'],
    keywords: ['Paris', 'Texas', 'road trips'],
    form: 'EA',
    formDetail: 'E107',
    prices: [{ type: '01', amount: '7.50', currency: 'USD' }],
    updatedAt: at('2026-03-04T12:00:00'),
  }),
  // Lisbon by keywords only, Portugal by qualifier; a CDATA body holding "]]>" by accident.
  product(6, {
    title: "Lisbon's Trams",
    themaPlaces: ['1DSP'],
    keywords: ['Lisbon', 'Alfama', 'trams'],
    descriptionXhtml: '<p>Tram 28 climbs to Alfama.</p><!-- ]]> --><p>Fares: 3&#8364;.</p>',
    availability: '40',
    updatedAt: at('2026-03-05T12:00:00'),
  }),
  // No place at all.
  product(7, {
    title: 'Packing Light',
    themaSubjects: ['WTL'],
    keywords: ['packing', 'advice'],
    updatedAt: at('2026-03-06T12:00:00'),
  }),
  // Bad: the ISBN's check digit is wrong.
  product(8, {
    title: 'Hamburg by Night',
    isbn13: '9781000000089',
    themaPlaces: ['1DFG'],
    keywords: ['Hamburg'],
    updatedAt: at('2026-03-07T12:00:00'),
  }),
  // Bad: no title at all.
  product(9, {
    title: null,
    themaPlaces: ['1DDF'],
    keywords: ['Paris'],
    updatedAt: at('2026-03-08T12:00:00'),
  }),
];

/** Fresh copies of the fixture products, oldest change first. */
export function onixFixtureProducts(): OnixProduct[] {
  return PRODUCTS.map((p) => ({ ...p, updatedAt: new Date(p.updatedAt) }));
}

const ref = (n: number) => `waypost-shop-${String(n).padStart(6, '0')}`;

/** The fixture products by handle, with the places a sync should find for each. */
export const ONIX_FIXTURE_PRODUCTS = {
  berlinGuide: {
    recordReference: ref(1),
    expectedQualifierPlaceIds: [P.germany.code, P.berlinState.code],
    expectedMentionPlaceIds: [P.berlin.code],
    invalidBecause: null,
  },
  berlinGuideEpub: {
    recordReference: ref(2),
    expectedQualifierPlaceIds: [P.germany.code],
    expectedMentionPlaceIds: [P.berlin.code],
    invalidBecause: null,
  },
  hamburgWalks: {
    recordReference: ref(3),
    expectedQualifierPlaceIds: [P.germany.code],
    expectedMentionPlaceIds: [P.hamburg.code],
    invalidBecause: null,
  },
  parisSpring: {
    recordReference: ref(4),
    expectedQualifierPlaceIds: [P.france.code],
    expectedMentionPlaceIds: [P.paris.code],
    invalidBecause: null,
  },
  parisTexas: {
    recordReference: ref(5),
    expectedQualifierPlaceIds: [P.unitedStates.code],
    expectedMentionPlaceIds: [P.parisTexas.code, P.texas.code],
    invalidBecause: null,
  },
  lisbonTrams: {
    recordReference: ref(6),
    expectedQualifierPlaceIds: [P.portugal.code],
    expectedMentionPlaceIds: [P.lisbon.code],
    invalidBecause: null,
  },
  packingLight: {
    recordReference: ref(7),
    expectedQualifierPlaceIds: [],
    expectedMentionPlaceIds: [],
    invalidBecause: null,
  },
  badIsbn: {
    recordReference: ref(8),
    expectedQualifierPlaceIds: [],
    expectedMentionPlaceIds: [],
    invalidBecause: 'ISBN-13 9781000000089 has a wrong check digit',
  },
  noTitle: {
    recordReference: ref(9),
    expectedQualifierPlaceIds: [],
    expectedMentionPlaceIds: [],
    invalidBecause: 'it has no title',
  },
} as const satisfies Record<string, OnixFixtureProduct>;

/** Basic auth credentials of the fixture feed. */
export const ONIX_FIXTURE_CREDENTIALS = { username: 'waypost', password: 'onix-secret' } as const;
