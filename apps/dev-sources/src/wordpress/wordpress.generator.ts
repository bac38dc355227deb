import { WpNewPost, WpPostInput, WpSiteData, WpTaxonomy } from '@waypost/dev-sources/wordpress';
import { createPrng, hashSeed, intBetween, pick } from '../pois/prng.util';

/** The two stand-in sites: travel guides (synced as articles) and travel news (as news). */
export const WORDPRESS_SITES = ['guides', 'news'] as const;
export type WordPressSiteName = (typeof WORDPRESS_SITES)[number];

/** A destination a post can be about: the place names it is tagged with, maybe a geotag. */
interface Destination {
  readonly title: string;
  readonly tags: readonly string[];
  readonly geo?: readonly [number, number];
}

// Names as they are in the seeded geography; some ambiguous on purpose (Paris, London, Georgia,
// Córdoba), settled only by the other names of the post, or by population.
const DESTINATIONS: readonly Destination[] = [
  { title: 'Berlin', tags: ['Berlin', 'Germany'], geo: [52.52, 13.405] },
  { title: 'Berlin', tags: ['Berlin'] },
  { title: 'Munich', tags: ['Munich', 'Bavaria'] },
  { title: 'Bavaria', tags: ['Bavaria', 'Germany'] },
  { title: 'Hamburg', tags: ['Hamburg'] },
  { title: 'Lisbon', tags: ['Lisbon', 'Portugal'], geo: [38.7139, -9.1394] },
  { title: 'Porto', tags: ['Porto', 'Portugal'], geo: [41.1496, -8.611] },
  { title: 'Alfama', tags: ['Alfama', 'Lisbon'] },
  { title: 'Paris', tags: ['Paris', 'France'], geo: [48.8566, 2.3522] },
  { title: 'Paris', tags: ['Paris'] },
  { title: 'Paris, Texas', tags: ['Paris', 'Texas'] },
  { title: 'Montmartre', tags: ['Montmartre', 'Paris'] },
  { title: 'Lyon', tags: ['Lyon', 'France'] },
  { title: 'London', tags: ['London', 'United Kingdom'] },
  { title: 'London, Ontario', tags: ['London', 'Ontario'] },
  { title: 'Georgia', tags: ['Georgia', 'Tbilisi'] },
  { title: 'Atlanta', tags: ['Atlanta', 'Georgia'] },
  { title: 'Barcelona', tags: ['Barcelona', 'Catalonia', 'Spain'] },
  { title: 'Córdoba', tags: ['Córdoba', 'Spain'] },
  { title: 'Córdoba', tags: ['Córdoba', 'Argentina'] },
  { title: 'Rome', tags: ['Rome', 'Italy'], geo: [41.8931, 12.4828] },
  { title: 'Tuscany', tags: ['Tuscany', 'Italy'] },
  { title: 'Vienna', tags: ['Vienna', 'Austria'] },
  { title: 'Prague', tags: ['Prague', 'Czechia'] },
  { title: 'Edinburgh', tags: ['Edinburgh', 'Scotland'] },
  { title: 'Kyoto', tags: ['Kyoto', 'Japan'] },
  { title: 'Tokyo', tags: ['Tokyo'], geo: [35.6895, 139.6917] },
  { title: 'Shibuya', tags: ['Shibuya', 'Tokyo'] },
  { title: 'New York City', tags: ['New York City'] },
  { title: 'Austin', tags: ['Austin', 'Texas'] },
  { title: 'Europe', tags: ['Europe'] },
];

interface SiteStyle {
  readonly utcOffsetMinutes: number;
  readonly authors: readonly string[];
  readonly categories: readonly string[];
  readonly topics: readonly string[];
  readonly titles: readonly string[];
  /** Posts about no place at all. */
  readonly general: readonly string[];
  /** Share of posts about a destination that carry its geotag (the site's geolocation plugin). */
  readonly geotagged: number;
}

const STYLES: Record<WordPressSiteName, SiteStyle> = {
  guides: {
    utcOffsetMinutes: 0,
    authors: ['Ana Sousa', 'Jonas Weber', 'Mei Tanaka'],
    categories: ['City Guides', 'Food & Drink', 'Outdoors', 'Culture', 'Budget Travel'],
    topics: ['Travel tips', 'Food', 'Museums', 'Hiking', 'Nightlife', 'Family'],
    titles: [
      '48 hours in {}',
      'Where to eat in {}',
      '{} on a budget',
      "A first-timer's guide to {}",
      'The best viewpoints in {}',
      'Walking tour: {}',
      '{} with kids',
      'Rainy days in {}',
    ],
    general: [
      "Packing light: a traveller's list",
      'How to beat jet lag',
      'Travel insurance, explained',
      'Ten apps for the road',
    ],
    geotagged: 0.7,
  },
  news: {
    utcOffsetMinutes: 60,
    authors: ['Newsdesk', 'Luca Bianchi'],
    categories: ['Travel News', 'Transport', 'Events', 'Weather'],
    topics: ['Flights', 'Rail', 'Strikes', 'Festivals', 'Heatwave'],
    titles: [
      '{} opens a new metro line',
      'Record visitor numbers for {}',
      'Strike disrupts travel in {}',
      'New flights announced to {}',
      'Festival season starts in {}',
      'Heat warning issued for {}',
    ],
    general: [
      'Airline fees rise again',
      'Entry system for visitors delayed',
      'Rail passes get cheaper',
    ],
    geotagged: 0,
  },
};

/** Posts are spread over the two years before this, so every seed gives the same site. */
const GENERATED_UNTIL = Date.UTC(2026, 0, 1);
const GENERAL_SHARE = 0.15;

const slugify = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const escapeText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Returns a term's id, creating it as needed: the site's own `ensureTerm`, or a builder's. */
export type TermIds = (taxonomy: WpTaxonomy, name: string) => number;

/**
 * One generated post of a site (without id and times): a destination's place names as tags (or
 * no place), the site's categories and topics, paragraphs naming the place, and now and then the
 * script, inline handler or iframe a real post body carries.
 */
export function draftPost(
  site: WordPressSiteName,
  random: () => number,
  termIds: TermIds,
): Omit<WpNewPost, 'publishedAt'> {
  const style = STYLES[site];
  const destination = random() < GENERAL_SHARE ? null : pick(random, DESTINATIONS);
  const title = destination
    ? pick(random, style.titles).replace('{}', destination.title)
    : pick(random, style.general);
  const topic = pick(random, style.topics);
  const where = destination?.title ?? 'the road';
  const paragraphs = [
    `Our ${topic.toLowerCase()} notes from ${where}, updated for this season.`,
    `Locals in ${where} recommend going early &amp; booking ahead.`,
    `<a href="/tag/${slugify(topic)}/">More on ${escapeText(topic.toLowerCase())}</a> and <img src="/wp-content/uploads/${slugify(title)}.jpg" alt="${escapeText(where)}" width="800" height="533">`,
  ];
  const extras = [
    random() < 0.1 ? '<script>window.dataLayer && dataLayer.push({event: "view"});</script>' : '',
    random() < 0.1 ? `<p><a href="#" onclick="share()">Share</a></p>` : '',
    random() < 0.1
      ? '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" width="560" height="315"></iframe>'
      : '',
  ].filter((e) => e !== '');
  const geo = destination?.geo && random() < style.geotagged ? destination.geo : null;
  const tagNames = [...(destination?.tags ?? []), topic];
  return {
    slug: slugify(title),
    title,
    contentHtml: [
      `<h2>${escapeText(title)}</h2>`,
      ...paragraphs.map((p) => `<p>${p}</p>`),
      ...extras,
    ].join('\n'),
    excerptHtml: `<p>${paragraphs[0]} [&hellip;]</p>\n`,
    authorId: intBetween(random, 1, style.authors.length),
    featuredMedia: 0,
    categoryIds: [termIds('category', pick(random, style.categories))],
    tagIds: tagNames.map((name) => termIds('post_tag', name)),
    meta: geo
      ? { geo_latitude: String(geo[0]), geo_longitude: String(geo[1]), geo_public: '1' }
      : {},
  };
}

/** A whole deterministic site: `count` posts published over two years, the same for the same seed. */
export function generateSite(site: WordPressSiteName, count: number, seed: number): WpSiteData {
  const style = STYLES[site];
  const random = createPrng(hashSeed(seed, site));
  const terms: Record<WpTaxonomy, Map<string, number>> = {
    category: new Map(),
    post_tag: new Map(),
  };
  let nextTermId = 1;
  const termIds: TermIds = (taxonomy, name) => {
    const known = terms[taxonomy].get(name);
    if (known !== undefined) return known;
    terms[taxonomy].set(name, nextTermId);
    return nextTermId++;
  };
  const spacing = Math.floor((2 * 365 * 86_400_000) / Math.max(count, 1));
  const posts: WpPostInput[] = Array.from({ length: count }, (_, i) => {
    const publishedAt = new Date(
      Math.floor((GENERATED_UNTIL - (count - i) * spacing) / 1000) * 1000,
    );
    const modifiedAt = new Date(publishedAt.getTime() + intBetween(random, 0, 72) * 3_600_000);
    return { ...draftPost(site, random, termIds), id: i + 1, publishedAt, modifiedAt };
  });
  const list = (taxonomy: WpTaxonomy) =>
    [...terms[taxonomy]].map(([name, id]) => ({ id, name, slug: slugify(name) }));
  return {
    name: site,
    utcOffsetMinutes: style.utcOffsetMinutes,
    authors: style.authors.map((name, i) => ({ id: i + 1, name, slug: slugify(name) })),
    categories: list('category'),
    tags: list('post_tag'),
    posts,
  };
}
