import { CMS_FIXTURE_PLACES } from '@waypost/dev-sources/cms';
import { WpPostInput, WpSiteData, WpTermInput } from './wordpress.types';

type PlaceCode = (typeof CMS_FIXTURE_PLACES)[keyof typeof CMS_FIXTURE_PLACES]['code'];

/** A fixture post and what a sync should make of it. */
export interface WordPressFixturePost {
  readonly site: 'guides' | 'news';
  readonly id: number;
  /** The places the post mentions (CMS fixture codes, i.e. Waypost place ids), in any order. */
  readonly expectedMentionedPlaceIds: readonly PlaceCode[];
  /** Why a sync must dead-letter it; null for a valid post. */
  readonly invalidBecause: string | null;
}

const P = CMS_FIXTURE_PLACES;
const term = (id: number, name: string, slug: string): WpTermInput => ({ id, name, slug });
const at = (iso: string) => new Date(`${iso}Z`);

// Post bodies carry what a sync must strip: scripts, inline handlers, iframes, javascript: links.
const UNSAFE_EXTRAS =
  '<script>window.trackView && trackView();</script>\n' +
  '<p><a href="javascript:alert(1)" onclick="steal()">Win a trip</a></p>\n' +
  '<iframe src="https://maps.example.com/embed?q=here" width="600" height="450"></iframe>\n';

function post(
  id: number,
  title: string,
  fields: Partial<WpPostInput> & { published: string; modified: string; paragraphs: string[] },
): WpPostInput {
  const { published, modified, paragraphs, ...rest } = fields;
  const body = paragraphs.map((p) => `<p>${p}</p>\n`).join('');
  return {
    id,
    slug: title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, ''),
    title,
    contentHtml: `<h2>${title}</h2>\n${body}${UNSAFE_EXTRAS}`,
    excerptHtml: `<p>${paragraphs[0]!.slice(0, 80)} [&hellip;]</p>\n`,
    authorId: 1,
    featuredMedia: 0,
    categoryIds: [1],
    tagIds: [],
    meta: {},
    publishedAt: at(published),
    modifiedAt: at(modified),
    ...rest,
  };
}

const GUIDES: WpSiteData = {
  name: 'guides',
  utcOffsetMinutes: 0,
  authors: [
    { id: 1, name: 'Ana Sousa', slug: 'ana' },
    { id: 2, name: 'Jonas Weber', slug: 'jonas' },
  ],
  categories: [
    term(1, 'City Guides', 'city-guides'),
    term(2, 'Food & Drink', 'food-drink'),
    term(3, 'Advice', 'advice'),
  ],
  tags: [
    term(10, 'Berlin', 'berlin'),
    term(11, 'Germany', 'germany'),
    term(12, 'Paris', 'paris'),
    term(13, 'Texas', 'texas'),
    term(14, 'France', 'france'),
    term(15, 'Travel tips', 'travel-tips'),
    term(16, 'Portugal', 'portugal'),
    term(17, 'Hamburg', 'hamburg'),
  ],
  posts: [
    post(101, '48 hours in Berlin', {
      published: '2026-01-05T09:00:00',
      modified: '2026-01-06T10:00:00',
      tagIds: [10, 11],
      paragraphs: ['Start on Museum Island &amp; walk east.', 'End the night in Kreuzberg.'],
    }),
    post(102, 'Paris, Texas: the other Paris', {
      published: '2026-01-07T09:00:00',
      modified: '2026-01-07T12:00:00',
      authorId: 2,
      tagIds: [12, 13],
      paragraphs: ['It has its own Eiffel Tower, with a cowboy hat on top.'],
    }),
    post(103, 'Paris in spring', {
      published: '2026-01-08T09:00:00',
      modified: '2026-01-09T08:30:00',
      tagIds: [12, 14],
      paragraphs: ['Chestnut trees bloom along the Seine in April.'],
    }),
    // Modified in the same second as the post before: a tie a page boundary may split.
    post(104, 'A weekend in Paris', {
      published: '2026-01-08T10:00:00',
      modified: '2026-01-09T08:30:00',
      tagIds: [12],
      paragraphs: ['Two days, one museum pass, too many croissants.'],
    }),
    post(105, "Packing light: a traveller's list", {
      published: '2026-01-10T09:00:00',
      modified: '2026-01-10T09:00:00',
      categoryIds: [3],
      tagIds: [15],
      paragraphs: ['One bag, three shirts, no regrets.'],
    }),
    // Geo meta from a geolocation plugin: the point is Lisbon's centre, outside Portugal's shape.
    post(106, "Lisbon's trams", {
      published: '2026-01-11T09:00:00',
      modified: '2026-01-12T09:00:00',
      tagIds: [16],
      meta: { geo_latitude: '38.7139', geo_longitude: '-9.1394', geo_public: '1' },
      paragraphs: ['Tram 28 climbs from Baixa to Alfama.'],
    }),
    post(107, 'Coffee in Mitte', {
      published: '2026-01-13T09:00:00',
      modified: '2026-01-13T09:00:00',
      categoryIds: [2],
      meta: { geo_latitude: '52.5208', geo_longitude: '13.4094', geo_public: '1' },
      paragraphs: ['Five roasters within a short walk of Alexanderplatz.'],
    }),
    // The plugin leaves empty strings when no location was picked: no mention from it.
    post(108, 'Harbour walks in Hamburg', {
      published: '2026-01-14T09:00:00',
      modified: '2026-01-14T09:00:00',
      tagIds: [17],
      meta: { geo_latitude: '', geo_longitude: '', geo_public: '0' },
      paragraphs: ['From the Landungsbrücken to the Speicherstadt.'],
    }),
  ],
};

const NEWS: WpSiteData = {
  name: 'news',
  // Local dates an hour ahead of GMT, so a sync must read the *_gmt fields.
  utcOffsetMinutes: 60,
  authors: [{ id: 1, name: 'Newsdesk', slug: 'newsdesk' }],
  categories: [term(1, 'Travel News', 'travel-news'), term(2, 'Transport', 'transport')],
  tags: [
    term(10, 'Hamburg', 'hamburg'),
    term(11, 'France', 'france'),
    term(12, 'Lisbon', 'lisbon'),
    term(13, 'Portugal', 'portugal'),
    term(14, 'Strikes', 'strikes'),
  ],
  posts: [
    post(201, 'Hamburg harbour birthday draws a million visitors', {
      published: '2026-02-01T08:00:00',
      modified: '2026-02-01T08:00:00',
      tagIds: [10],
      paragraphs: ['Tall ships and fireworks for three days.'],
    }),
    post(202, 'Rail strike across France', {
      published: '2026-02-02T08:00:00',
      modified: '2026-02-02T11:00:00',
      categoryIds: [2],
      tagIds: [11, 14],
      paragraphs: ['Expect most high-speed trains to be cancelled on Thursday.'],
    }),
    post(203, 'Lisbon airport expansion approved', {
      published: '2026-02-03T08:00:00',
      modified: '2026-02-03T08:00:00',
      categoryIds: [2],
      tagIds: [12, 13],
      paragraphs: ['A second terminal is due to open in 2029.'],
    }),
    // A broken import: WordPress answers null dates for a zero post_date.
    post(204, 'Imported without a date', {
      published: '2026-02-04T08:00:00',
      modified: '2026-02-04T08:00:00',
      raw: { date: null, date_gmt: null },
      paragraphs: ['This post came from an old export.'],
    }),
  ],
};

/** Fresh copies of the two fixture sites (`guides` for articles, `news` for news). */
export function wordpressFixtureSites(): WpSiteData[] {
  return structuredClone([GUIDES, NEWS]);
}

/** The fixture posts, keyed by a handle, with the places a sync should find for each. */
export const WORDPRESS_FIXTURE_POSTS = {
  berlinWeekend: {
    site: 'guides',
    id: 101,
    expectedMentionedPlaceIds: [P.berlin.code, P.germany.code],
    invalidBecause: null,
  },
  parisTexas: {
    site: 'guides',
    id: 102,
    expectedMentionedPlaceIds: [P.parisTexas.code, P.texas.code],
    invalidBecause: null,
  },
  parisFrance: {
    site: 'guides',
    id: 103,
    expectedMentionedPlaceIds: [P.paris.code, P.france.code],
    invalidBecause: null,
  },
  parisAlone: {
    site: 'guides',
    id: 104,
    expectedMentionedPlaceIds: [P.paris.code],
    invalidBecause: null,
  },
  packingLight: { site: 'guides', id: 105, expectedMentionedPlaceIds: [], invalidBecause: null },
  lisbonTrams: {
    site: 'guides',
    id: 106,
    expectedMentionedPlaceIds: [P.lisbon.code, P.portugal.code],
    invalidBecause: null,
  },
  mitteCoffee: {
    site: 'guides',
    id: 107,
    expectedMentionedPlaceIds: [P.mitte.code],
    invalidBecause: null,
  },
  hamburgWalks: {
    site: 'guides',
    id: 108,
    expectedMentionedPlaceIds: [P.hamburg.code],
    invalidBecause: null,
  },
  hamburgHarbour: {
    site: 'news',
    id: 201,
    expectedMentionedPlaceIds: [P.hamburg.code],
    invalidBecause: null,
  },
  franceStrike: {
    site: 'news',
    id: 202,
    expectedMentionedPlaceIds: [P.france.code],
    invalidBecause: null,
  },
  lisbonAirport: {
    site: 'news',
    id: 203,
    expectedMentionedPlaceIds: [P.lisbon.code, P.portugal.code],
    invalidBecause: null,
  },
  brokenImport: {
    site: 'news',
    id: 204,
    expectedMentionedPlaceIds: [],
    invalidBecause: 'its publication date is null (a zero post_date from an old import)',
  },
} as const satisfies Record<string, WordPressFixturePost>;
