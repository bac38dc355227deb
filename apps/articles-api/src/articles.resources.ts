import { ResourceSpec, defineResource, filterValue } from '@waypost/shared/jsonapi';
import { ArticleKind } from '@waypost/articles/schema';

const FIELDS = {
  attributes: [
    'title',
    'slug',
    'url',
    'excerpt',
    'contentHtml',
    'author',
    'categories',
    'tags',
    'publishedAt',
    'modifiedAt',
  ],
  relationships: {
    // The mentioned places: places-api serves each at its link; no related collection.
    places: { type: 'places', kind: 'to-many', related: () => null },
  },
  includes: ['places'],
  sortable: { publishedAt: 'date', title: 'string' },
  defaultSort: ['-publishedAt'],
} as const;

const FILTERS = {
  place: filterValue.string(100),
  'place.direct': filterValue.string(100),
  category: filterValue.list(filterValue.string(100), 20),
  publishedAfter: filterValue.isoDate(),
  publishedBefore: filterValue.isoDate(),
};

/**
 * A mentioned place as `include=places` adds it: what the gazetteer's directory shows of it (the
 * whole resource is places-api's, at its self link).
 */
export const PLACE = defineResource({
  type: 'places',
  attributes: ['name', 'level', 'countryCode', 'population'],
});

/** `GET /articles`. */
export const ARTICLES = defineResource({ type: 'articles', ...FIELDS, filters: FILTERS });

/** `GET /articles/{id}`. */
export const ARTICLE = defineResource({ type: 'articles', ...FIELDS });

/** `GET /news`. */
export const NEWS = defineResource({ type: 'news', ...FIELDS, filters: FILTERS });

/** `GET /news/{id}`. */
export const NEWS_ITEM = defineResource({ type: 'news', ...FIELDS });

/** The specs serving each kind of post: the same table, one resource type per kind. */
export const RESOURCES_BY_KIND: Readonly<
  Record<
    ArticleKind,
    { readonly collection: typeof ARTICLES | typeof NEWS; readonly single: ResourceSpec }
  >
> = {
  article: { collection: ARTICLES, single: ARTICLE },
  news: { collection: NEWS, single: NEWS_ITEM },
};
