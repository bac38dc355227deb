import {
  FilterParser,
  FilterValueError,
  defineResource,
  filterValue,
} from '@waypost/shared/jsonapi';

/** An ISO 4217 currency code, upper case. */
const currencyCode: FilterParser<string> = (raw) => {
  if (!/^[A-Z]{3}$/.test(raw))
    throw new FilterValueError(`expected an ISO 4217 code such as EUR; got '${raw}'`);
  return raw;
};

export const TOUR_OPERATORS = ['viator', 'gadventures'] as const;

const FIELDS = {
  attributes: [
    'title',
    'description',
    'operator',
    'durationMinutes',
    'price',
    'rating',
    'images',
    'bookingUrl',
    'nextDepartures',
    'updatedAt',
  ],
  relationships: {
    // places-api serves each place at its link; no related collection here.
    visitedPlaces: { type: 'places', kind: 'to-many', related: () => null },
    startPlace: { type: 'places', kind: 'to-one', related: () => null },
  },
  includes: ['visitedPlaces', 'startPlace'],
  sortable: { name: 'string', price: 'number', rating: 'number', duration: 'number' },
  defaultSort: ['name'],
} as const;

/** A place as `include` adds it: what the gazetteer's directory shows of it. */
export const PLACE = defineResource({
  type: 'places',
  attributes: ['name', 'level', 'countryCode', 'population'],
});

/** `GET /tours`. */
export const TOURS = defineResource({
  type: 'tours',
  ...FIELDS,
  filters: {
    place: filterValue.string(100),
    'place.direct': filterValue.string(100),
    operator: filterValue.enum(TOUR_OPERATORS),
    durationMin: filterValue.int(0, 1_000_000),
    durationMax: filterValue.int(0, 1_000_000),
    priceMax: filterValue.number(0, 1_000_000_000),
    currency: currencyCode,
    ratingMin: filterValue.number(0, 5),
    departingAfter: filterValue.isoDate(),
    departingBefore: filterValue.isoDate(),
  },
});

/** `GET /tours/{id}`. */
export const TOUR = defineResource({ type: 'tours', ...FIELDS });
