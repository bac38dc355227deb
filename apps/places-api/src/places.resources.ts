import { RelationshipSpec, defineResource, filterValue } from '@waypost/shared/jsonapi';

type Row = Parameters<NonNullable<RelationshipSpec['related']>>[0];
import { PLACE_LEVELS } from '@waypost/places/schema';
import { openAtFilter } from './open-at.filter';

/** Metres; a radius larger than this would scan most of a continent. */
export const MAX_RADIUS_M = 500_000;
export const DEFAULT_RADIUS_M = 10_000;

const PLACE_FIELDS = {
  type: 'places',
  attributes: ['name', 'level', 'countryCode', 'population', 'centroid', 'boundary'],
  relationships: {
    parent: { type: 'places', kind: 'to-one', related: (row: Row) => placeLink(row['parent']) },
    ancestors: { type: 'places', kind: 'to-many' },
    children: { type: 'places', kind: 'to-many' },
    pointsOfInterest: {
      type: 'pointsOfInterest',
      kind: 'to-many',
      related: (row: Row) => `/pointsOfInterest?filter[place]=${encodeURIComponent(row.id)}`,
    },
  },
  meta: ['distance'],
  sortable: { name: 'string', population: 'number', distance: 'number', relevance: 'string' },
  defaultSort: ['name'],
} as const;

const radius = filterValue.int(1, MAX_RADIUS_M);

/** A to-one place link points at the place itself; none when there is no place. */
function placeLink(id: unknown): string | null {
  return typeof id === 'string' ? `/places/${encodeURIComponent(id)}` : null;
}

/** `GET /places`. */
export const PLACES = defineResource({
  ...PLACE_FIELDS,
  includes: ['parent', 'ancestors'],
  filters: {
    level: filterValue.enum(PLACE_LEVELS),
    parent: filterValue.string(100),
    country: filterValue.string(2),
    q: filterValue.string(100),
    near: filterValue.latLng(),
    radius,
    contains: filterValue.latLng(),
  },
});

/** `GET /places/{id}`. */
export const PLACE = defineResource({
  ...PLACE_FIELDS,
  includes: ['parent', 'ancestors', 'children'],
});

/** `GET /places/{id}/children`. */
export const PLACE_CHILDREN = defineResource({
  ...PLACE_FIELDS,
  includes: ['parent', 'ancestors'],
  filters: { level: filterValue.enum(PLACE_LEVELS), q: filterValue.string(100) },
});

/** `GET /places/{id}/ancestors`: world first, never more than a page. */
export const PLACE_CHAIN = defineResource({
  ...PLACE_FIELDS,
  includes: [],
  sortable: {},
  defaultSort: [],
});

const POI_FIELDS = {
  type: 'pointsOfInterest',
  attributes: [
    'name',
    'category',
    'description',
    'address',
    'openingHours',
    'website',
    'rating',
    'businessStatus',
    'permanentlyClosed',
    'timeZone',
    'provenance',
    'location',
  ],
  relationships: {
    place: { type: 'places', kind: 'to-one', related: (row: Row) => placeLink(row['place']) },
    // The place and its ancestors: linkage only, the chain is already known.
    places: { type: 'places', kind: 'to-many', related: () => null },
  },
  meta: ['distance'],
  sortable: { name: 'string', category: 'string', distance: 'number' },
  defaultSort: ['name'],
  includes: ['place', 'places'],
} as const;

/** `GET /pointsOfInterest`. */
export const POINTS_OF_INTEREST = defineResource({
  ...POI_FIELDS,
  filters: {
    place: filterValue.string(100),
    'place.direct': filterValue.string(100),
    category: filterValue.list(filterValue.string(50), 20),
    near: filterValue.latLng(),
    radius,
    openAt: openAtFilter,
  },
});

/** `GET /pointsOfInterest/{id}`. */
export const POINT_OF_INTEREST = defineResource(POI_FIELDS);
