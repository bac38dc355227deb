import { Insertable, Kysely } from 'kysely';
import { ArticleKind, ArticlesDatabase, ArticlesTable } from '@waypost/articles/schema';

/** Place chains (world first), as the sync stores them in `place_ids`. */
const MITTE = [
  'world',
  'continent-eu',
  'country-de',
  'region-de-16',
  'city-2950159',
  'neighborhood-2950159-mitte',
];
const BERLIN = MITTE.slice(0, 5);
const HAMBURG = ['world', 'continent-eu', 'country-de', 'region-de-04', 'city-2911298'];
const LISBON = ['world', 'continent-eu', 'country-pt', 'region-pt-11', 'city-2267057'];

interface Post {
  readonly n: number;
  readonly kind?: ArticleKind;
  readonly title: string;
  readonly publishedAt: string;
  readonly mentioned: readonly string[];
  readonly chains: readonly (readonly string[])[];
  readonly categories?: readonly string[];
}

/** Museum notes: enough Berlin articles to page through, two of them published at the same time. */
const MUSEUM_NOTES: Post[] = [1, 2, 3, 4, 5, 6].map((n) => ({
  n: 110 + n,
  title: `Berlin museum notes ${n}`,
  publishedAt: `2024-04-0${n === 6 ? 5 : n}T10:00:00Z`,
  mentioned: ['city-2950159'],
  chains: [BERLIN],
  categories: ['museums'],
}));

const POSTS: Post[] = [
  {
    n: 101,
    title: 'A weekend in Mitte',
    publishedAt: '2024-05-10T08:00:00Z',
    mentioned: ['neighborhood-2950159-mitte'],
    chains: [MITTE],
    categories: ['city-guides'],
  },
  {
    n: 102,
    title: 'Berlin and Hamburg by train',
    publishedAt: '2024-05-08T09:00:00Z',
    mentioned: ['city-2950159', 'city-2911298'],
    chains: [BERLIN, HAMBURG],
    categories: ['rail-travel'],
  },
  {
    n: 103,
    title: "Lisbon's viewpoints",
    publishedAt: '2024-05-12T17:00:00Z',
    mentioned: ['city-2267057'],
    chains: [LISBON],
    categories: ['city-guides'],
  },
  {
    n: 104,
    title: 'Packing light',
    publishedAt: '2024-05-08T09:00:00Z',
    mentioned: [],
    chains: [],
    categories: ['tips'],
  },
  ...MUSEUM_NOTES,
  {
    n: 201,
    kind: 'news',
    title: 'Museum Island reopens its north wing',
    publishedAt: '2024-05-11T06:00:00Z',
    mentioned: ['neighborhood-2950159-mitte'],
    chains: [MITTE],
    categories: ['museums'],
  },
  {
    n: 202,
    kind: 'news',
    title: 'Lisbon adds a night tram',
    publishedAt: '2024-05-09T06:00:00Z',
    mentioned: ['city-2267057'],
    chains: [LISBON],
    categories: ['transport'],
  },
];

/** Article ids in the default order (newest first, the id breaking ties the same way). */
export const ARTICLE_IDS_NEWEST_FIRST = [
  'wp-guides-103',
  'wp-guides-101',
  'wp-guides-104',
  'wp-guides-102',
  'wp-guides-116',
  'wp-guides-115',
  'wp-guides-114',
  'wp-guides-113',
  'wp-guides-112',
  'wp-guides-111',
];

function row(post: Post): Insertable<ArticlesTable> {
  const source = post.kind === 'news' ? 'wp-news' : 'wp-guides';
  const slug = post.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    id: `${source}-${post.n}`,
    source,
    sourceId: String(post.n),
    kind: post.kind ?? 'article',
    title: post.title,
    slug,
    url: `https://${source}.example.com/${slug}/`,
    excerpt: `About ${post.title}.`,
    contentHtml: `<p>${post.title}, in full.</p>`,
    author: post.n === 104 ? null : 'Lena Vogel',
    categories: [...(post.categories ?? [])],
    tags: ['travel'],
    publishedAt: post.publishedAt,
    modifiedAt: post.publishedAt,
    mentionedPlaceIds: [...post.mentioned],
    placeIds: [...new Set(post.chains.flat())],
    contentHash: `hash-${post.n}`,
  };
}

/** Inserts the fixture posts as the articles sync would have stored them. */
export async function insertArticleFixture(db: Kysely<ArticlesDatabase>): Promise<void> {
  await db.insertInto('articles.articles').values(POSTS.map(row)).execute();
}
