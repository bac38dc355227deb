import { decodeHTML } from 'entities';
import sanitizeHtml from 'sanitize-html';
import { LatLng, isValidLatLng } from '@waypost/shared/db';

/** A term of the post's `_embedded["wp:term"]`, names decoded to plain text. */
export interface WordPressTerm {
  readonly name: string;
  readonly slug: string;
}

/** A post of WordPress REST API v2, validated and reduced to what an article keeps. */
export interface WordPressPost {
  readonly id: number;
  readonly slug: string;
  readonly url: string;
  /** Plain text. */
  readonly title: string;
  /** Sanitized HTML. */
  readonly contentHtml: string;
  /** Plain text. */
  readonly excerpt: string;
  readonly author: string | null;
  readonly categories: readonly WordPressTerm[];
  readonly tags: readonly WordPressTerm[];
  readonly publishedAt: Date;
  readonly modifiedAt: Date;
  /** From a geolocation plugin's `meta.geo_latitude`/`geo_longitude`, when both are valid. */
  readonly geo: LatLng | null;
}

/** A post's place in the `orderby=modified` feed: `modified_gmt` as WordPress prints it, and id. */
export interface PostKey {
  readonly modifiedGmt: string;
  readonly id: number;
}

// What WordPress prints for *_gmt fields: UTC without a zone designator.
const GMT_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/** Tags an article body may keep: text structure, links and images; nothing that runs or embeds. */
const CONTENT_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'strong',
    'em',
    'b',
    'i',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'figure',
    'figcaption',
  ],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
};
const TEXT_POLICY: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {} };
// Block ends become spaces, so "<p>a</p><p>b</p>" reads "a b" as text.
const BLOCK_END = /<(?:br|\/p|\/h[1-6]|\/li|\/div|\/blockquote)\b[^>]*>/gi;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Plain text of an HTML fragment: tags dropped (scripts with their content), entities decoded. */
export function htmlToText(html: string): string {
  return decodeHTML(sanitizeHtml(html.replace(BLOCK_END, '$& '), TEXT_POLICY))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The post body with only CONTENT_POLICY's tags; relative links and images resolved against `base`. */
export function sanitizeContent(html: string, base: string): string {
  const absolute =
    (attribute: 'href' | 'src') =>
    (tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag => {
      const value = attribs[attribute];
      if (value === undefined) return { tagName, attribs };
      try {
        return { tagName, attribs: { ...attribs, [attribute]: new URL(value, base).href } };
      } catch {
        return { tagName, attribs: { ...attribs, [attribute]: '' } };
      }
    };
  return sanitizeHtml(html, {
    ...CONTENT_POLICY,
    transformTags: { a: absolute('href'), img: absolute('src') },
  }).trim();
}

export function parseGmtDate(value: unknown): Date | null {
  return typeof value === 'string' && GMT_DATE.test(value) ? new Date(`${value}Z`) : null;
}

/** The post's feed position, if its id and `modified_gmt` are readable. */
export function postKey(raw: unknown): PostKey | null {
  if (!isObject(raw) || !Number.isSafeInteger(raw['id'])) return null;
  const modifiedGmt = raw['modified_gmt'];
  return parseGmtDate(modifiedGmt)
    ? { modifiedGmt: modifiedGmt as string, id: raw['id'] as number }
    : null;
}

function coordinate(value: unknown): number | null {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && value.trim() !== '' ? Number(value) : null;
}

function geoMeta(meta: unknown): LatLng | null {
  if (!isObject(meta)) return null;
  const [lat, lng] = [coordinate(meta['geo_latitude']), coordinate(meta['geo_longitude'])];
  return lat !== null && lng !== null && isValidLatLng({ lat, lng }) ? { lat, lng } : null;
}

function embeddedTerms(
  embedded: unknown,
): { category: WordPressTerm[]; post_tag: WordPressTerm[] } | null {
  const groups = isObject(embedded) ? embedded['wp:term'] : undefined;
  if (!Array.isArray(groups)) return null;
  const terms = { category: [] as WordPressTerm[], post_tag: [] as WordPressTerm[] };
  // Each taxonomy is one array; an entry may be an error object WordPress embedded instead.
  for (const term of groups.flat()) {
    if (!isObject(term) || typeof term['name'] !== 'string' || typeof term['slug'] !== 'string')
      continue;
    const taxonomy = term['taxonomy'];
    if (taxonomy !== 'category' && taxonomy !== 'post_tag') continue;
    terms[taxonomy].push({ name: htmlToText(term['name']), slug: term['slug'] });
  }
  return terms;
}

function embeddedAuthor(embedded: unknown): string | null {
  const authors = isObject(embedded) ? embedded['author'] : undefined;
  const first: unknown = Array.isArray(authors) ? authors[0] : undefined;
  return isObject(first) && typeof first['name'] === 'string'
    ? htmlToText(first['name']) || null
    : null;
}

const rendered = (value: unknown): string | null =>
  isObject(value) && typeof value['rendered'] === 'string' ? value['rendered'] : null;

/**
 * Validates one post of `GET /wp/v2/posts?_embed=author,wp:term` (pure): the post reduced to what an
 * article keeps, or why it cannot be synced.
 */
export function parseWordPressPost(raw: unknown): WordPressPost | { readonly invalid: string } {
  if (!isObject(raw)) return { invalid: 'the post is not a JSON object' };
  const { id, link, slug } = raw;
  if (!Number.isSafeInteger(id) || (id as number) <= 0) {
    return { invalid: `id is not a positive integer: ${JSON.stringify(id)}` };
  }
  const publishedAt = parseGmtDate(raw['date_gmt']);
  if (!publishedAt)
    return { invalid: `date_gmt is not a date: ${JSON.stringify(raw['date_gmt'])}` };
  const modifiedAt = parseGmtDate(raw['modified_gmt']);
  if (!modifiedAt) {
    return { invalid: `modified_gmt is not a date: ${JSON.stringify(raw['modified_gmt'])}` };
  }
  if (typeof link !== 'string' || !URL.canParse(link)) {
    return { invalid: `link is not a URL: ${JSON.stringify(link)}` };
  }
  const [title, content, excerpt] = [
    rendered(raw['title']),
    rendered(raw['content']),
    rendered(raw['excerpt']),
  ];
  if (title === null || content === null || excerpt === null) {
    return { invalid: 'title, content or excerpt has no rendered text' };
  }
  const terms = embeddedTerms(raw['_embedded']);
  if (!terms)
    return { invalid: '_embedded["wp:term"] is missing (the request needs _embed=wp:term)' };
  return {
    id: id as number,
    slug: typeof slug === 'string' ? slug : String(id),
    url: link,
    title: htmlToText(title),
    contentHtml: sanitizeContent(content, link),
    excerpt: htmlToText(excerpt),
    author: embeddedAuthor(raw['_embedded']),
    categories: terms.category,
    tags: terms.post_tag,
    publishedAt,
    modifiedAt,
    geo: geoMeta(raw['meta']),
  };
}
