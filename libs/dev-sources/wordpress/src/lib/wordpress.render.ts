import { WpEmbed } from './wordpress.query';
import { WordPressSite } from './wordpress.site';
import { WpPostInput, WpTaxonomy } from './wordpress.types';

/** Where a site lives, as the client addressed it. */
export interface SiteUrls {
  /** The site's home, e.g. `http://127.0.0.1:3900/guides`. */
  readonly site: string;
  /** Its REST namespace, `<site>/wp-json/wp/v2`. */
  readonly api: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:MM:SS` at the given offset from UTC, the way WordPress prints dates (no zone). */
export function formatWpDate(date: Date, utcOffsetMinutes: number): string {
  const d = new Date(date.getTime() + utcOffsetMinutes * 60_000);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/** A title as `title.rendered` prints it: texturized apostrophes, ampersands as entities. */
export function renderTitle(title: string): string {
  return title.replace(/&/g, '&#038;').replace(/'/g, '&#8217;');
}

/** Term and user names come back HTML-escaped, as WordPress stores them. */
export function escapeName(name: string): string {
  return name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const TAXONOMY_PATHS: Record<WpTaxonomy, { rest: string; archive: string }> = {
  category: { rest: 'categories', archive: 'category' },
  post_tag: { rest: 'tags', archive: 'tag' },
};

function renderTerms(
  site: WordPressSite,
  taxonomy: WpTaxonomy,
  ids: readonly number[],
  urls: SiteUrls,
) {
  const paths = TAXONOMY_PATHS[taxonomy];
  return ids.flatMap((id) => {
    const term = site.term(taxonomy, id);
    if (!term) return [];
    return [
      {
        id: term.id,
        link: `${urls.site}/${paths.archive}/${term.slug}/`,
        name: escapeName(term.name),
        slug: term.slug,
        taxonomy,
        _links: {
          self: [{ href: `${urls.api}/${paths.rest}/${term.id}` }],
          collection: [{ href: `${urls.api}/${paths.rest}` }],
          about: [{ href: `${urls.api}/taxonomies/${taxonomy}` }],
          'wp:post_type': [{ href: `${urls.api}/posts?${paths.rest}=${term.id}` }],
          curies: [{ name: 'wp', href: 'https://api.w.org/{rel}', templated: true }],
        },
      },
    ];
  });
}

function renderAuthor(site: WordPressSite, id: number, urls: SiteUrls) {
  const author = site.author(id);
  if (!author) {
    return { code: 'rest_user_invalid_id', message: 'Invalid user ID.', data: { status: 404 } };
  }
  return {
    id: author.id,
    name: escapeName(author.name),
    url: '',
    description: '',
    link: `${urls.site}/author/${author.slug}/`,
    slug: author.slug,
    avatar_urls: {},
    _links: {
      self: [{ href: `${urls.api}/users/${author.id}` }],
      collection: [{ href: `${urls.api}/users` }],
    },
  };
}

/** Keeps only the `_fields` asked for (top-level names, or `a.b` for one nested member). */
function pickFields(
  post: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of fields) {
    const [top, nested] = field.split('.', 2) as [string, string | undefined];
    if (!(top in post)) continue;
    if (nested === undefined) picked[top] = post[top];
    else {
      const value = post[top] as Record<string, unknown> | null;
      if (value && typeof value === 'object' && nested in value) {
        picked[top] = { ...(picked[top] as object), [nested]: value[nested] };
      }
    }
  }
  return picked;
}

/** One post in WordPress's REST shape (`context=view`), with `_embedded` and `_fields` applied. */
export function renderPost(
  site: WordPressSite,
  post: WpPostInput,
  urls: SiteUrls,
  embed: WpEmbed | null,
  fields: readonly string[] | null,
): Record<string, unknown> {
  const offset = site.utcOffsetMinutes;
  const published = post.publishedAt;
  const link = `${urls.site}/${published.getUTCFullYear()}/${pad(published.getUTCMonth() + 1)}/${post.slug}/`;
  const body: Record<string, unknown> = {
    id: post.id,
    date: formatWpDate(published, offset),
    date_gmt: formatWpDate(published, 0),
    guid: { rendered: `${urls.site}/?p=${post.id}` },
    modified: formatWpDate(post.modifiedAt, offset),
    modified_gmt: formatWpDate(post.modifiedAt, 0),
    slug: post.slug,
    status: 'publish',
    type: 'post',
    link,
    title: { rendered: renderTitle(post.title) },
    content: { rendered: post.contentHtml, protected: false },
    excerpt: { rendered: post.excerptHtml, protected: false },
    author: post.authorId,
    featured_media: post.featuredMedia,
    comment_status: 'open',
    ping_status: 'open',
    sticky: false,
    template: '',
    format: 'standard',
    meta: { ...post.meta },
    categories: [...post.categoryIds],
    tags: [...post.tagIds],
    _links: {
      self: [{ href: `${urls.api}/posts/${post.id}` }],
      collection: [{ href: `${urls.api}/posts` }],
      about: [{ href: `${urls.api}/types/post` }],
      author: [{ embeddable: true, href: `${urls.api}/users/${post.authorId}` }],
      replies: [{ embeddable: true, href: `${urls.api}/comments?post=${post.id}` }],
      'version-history': [{ count: 1, href: `${urls.api}/posts/${post.id}/revisions` }],
      'wp:attachment': [{ href: `${urls.api}/media?parent=${post.id}` }],
      'wp:term': [
        { taxonomy: 'category', embeddable: true, href: `${urls.api}/categories?post=${post.id}` },
        { taxonomy: 'post_tag', embeddable: true, href: `${urls.api}/tags?post=${post.id}` },
      ],
      curies: [{ name: 'wp', href: 'https://api.w.org/{rel}', templated: true }],
    },
    ...post.raw,
  };
  if (embed) {
    const wants = (rel: string) => embed === 'all' || embed.has(rel);
    const embedded: Record<string, unknown> = {};
    if (wants('author')) embedded['author'] = [renderAuthor(site, post.authorId, urls)];
    if (wants('wp:term')) {
      embedded['wp:term'] = [
        renderTerms(site, 'category', post.categoryIds, urls),
        renderTerms(site, 'post_tag', post.tagIds, urls),
      ];
    }
    if (Object.keys(embedded).length > 0) body['_embedded'] = embedded;
  }
  return fields ? pickFields(body, fields) : body;
}
