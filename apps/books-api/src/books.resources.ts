import { defineResource, filterValue } from '@waypost/shared/jsonapi';

const FIELDS = {
  attributes: ['name', 'description', 'url', 'location', 'updatedAt'],
  relationships: {
    // The places it is indexed at: places-api serves each at its link; no related collection.
    places: { type: 'places', kind: 'to-many', related: () => null },
  },
  includes: ['places'],
  sortable: { name: 'string', updatedAt: 'date' },
  defaultSort: ['name'],
} as const;

/** A place as `include=places` adds it: what the gazetteer's directory shows of it. */
export const PLACE = defineResource({
  type: 'places',
  attributes: ['name', 'level', 'countryCode', 'population'],
});

/** `GET /books`. */
export const BOOKS = defineResource({
  type: 'books',
  ...FIELDS,
  filters: {
    place: filterValue.string(100),
    'place.direct': filterValue.string(100),
    updatedAfter: filterValue.isoDate(),
  },
});

/** `GET /books/{id}`. */
export const BOOK = defineResource({ type: 'books', ...FIELDS });
