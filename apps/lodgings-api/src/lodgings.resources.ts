import {
  FilterValueError,
  RelationshipSpec,
  defineResource,
  filterValue,
} from '@waypost/shared/jsonapi';
import { LODGING_TYPES } from '@waypost/lodgings/schema';

type Row = Parameters<NonNullable<RelationshipSpec['related']>>[0];

/** Metres; a radius larger than this would scan most of a country. */
export const MAX_RADIUS_M = 50_000;
export const DEFAULT_RADIUS_M = 2_000;

const FIELDS = {
  attributes: [
    'name',
    // JSON:API reserves `type`: the partner's property type is `lodgingType` (`filter[type]` keeps it).
    'lodgingType',
    'address',
    'district',
    'location',
    'rating',
    'ratingCount',
    'lowestPricePerNight',
    'facilities',
    'images',
  ],
  relationships: {
    // The place it is indexed at (its district's neighborhood, else its city), served by places-api.
    place: {
      type: 'places',
      kind: 'to-one',
      related: (row: Row) =>
        typeof row['place'] === 'string' ? `/places/${encodeURIComponent(row['place'])}` : null,
    },
  },
  meta: ['distance'],
  includes: ['place'],
  sortable: { name: 'string', price: 'number', rating: 'number', distance: 'number' },
  defaultSort: ['name'],
} as const;

/** A place as `include=place` adds it: what the gazetteer's directory shows of it. */
export const PLACE = defineResource({
  type: 'places',
  attributes: ['name', 'level', 'countryCode', 'population'],
});

/** PostgreSQL's text cannot hold NUL: a value with one can match nothing and is refused. */
function withoutNul(raw: string): string {
  if (raw.includes('\u0000')) throw new FilterValueError('must not contain NUL');
  return raw;
}

/** A place id, up to 100 characters. */
const placeId = (raw: string): string => filterValue.string(100)(withoutNul(raw));

/** A facility as the partner names it, up to 50 characters. */
const facility = (raw: string): string => filterValue.string(50)(withoutNul(raw));

/** A decimal amount as a string (kept exact: it is compared as numeric in SQL). */
function decimal(raw: string): string {
  if (!/^\d{1,10}(\.\d{1,4})?$/.test(raw)) {
    throw new FilterValueError(`expected a decimal amount such as 30 or 29.50; got ${raw}`);
  }
  return raw;
}

/** An ISO 4217 code. */
function currency(raw: string): string {
  if (!/^[A-Z]{3}$/.test(raw)) {
    throw new FilterValueError(`expected an ISO 4217 code such as EUR; got ${raw}`);
  }
  return raw;
}

/** `GET /lodgings`. */
export const LODGINGS = defineResource({
  type: 'lodgings',
  ...FIELDS,
  filters: {
    place: placeId,
    'place.direct': placeId,
    type: filterValue.list(filterValue.enum(LODGING_TYPES), LODGING_TYPES.length),
    priceMax: decimal,
    currency,
    ratingMin: filterValue.int(0, 100),
    facility: filterValue.list(facility, 10),
    near: filterValue.latLng(),
    radius: filterValue.int(1, MAX_RADIUS_M),
  },
});

/** `GET /lodgings/{id}`. */
export const LODGING = defineResource({ type: 'lodgings', ...FIELDS });
