import { FilterValueError, defineResource, filterValue } from '@waypost/shared/jsonapi';
import { BOOK_FORMATS } from '@waypost/books/schema';

const FIELDS = {
  attributes: [
    'isbn13',
    'title',
    'subtitle',
    'contributors',
    'format',
    'formatDetail',
    'language',
    'publisher',
    'publishedAt',
    'description',
    'price',
    'prices',
    'availability',
    'placesFoundBy',
    'updatedAt',
  ],
  relationships: {
    // The places it is about: places-api serves each at its link; no related collection.
    places: { type: 'places', kind: 'to-many', related: () => null },
  },
  includes: ['places'],
  sortable: { title: 'string', publishedAt: 'date', price: 'number' },
  defaultSort: ['title'],
} as const;

/** A place as `include=places` adds it: what the gazetteer's directory shows of it. */
export const PLACE = defineResource({
  type: 'places',
  attributes: ['name', 'level', 'countryCode', 'population'],
});

/** An ISO 639-2/B language code, e.g. `eng`, `ger`. */
function languageCode(raw: string): string {
  const value = raw.trim().toLowerCase();
  if (!/^[a-z]{3}$/.test(value)) {
    throw new FilterValueError(
      `must be an ISO 639-2/B code of three letters (e.g. eng); got "${raw}"`,
    );
  }
  return value;
}

/** PostgreSQL's text cannot hold NUL: a value with one can match nothing and is refused. */
function withoutNul(raw: string): string {
  if (raw.includes('\u0000')) throw new FilterValueError('must not contain NUL');
  return raw;
}

/** A place id, up to 100 characters. */
const placeId = (raw: string): string => filterValue.string(100)(withoutNul(raw));

/** Title words: 1 to 100 characters with at least one letter or digit. */
function titleWords(raw: string): string {
  const value = filterValue.string(100)(withoutNul(raw)).trim();
  if (!/[\p{L}\p{N}]/u.test(value)) {
    throw new FilterValueError(`must hold at least one word; got "${raw}"`);
  }
  return value;
}

/** `GET /books`. */
export const BOOKS = defineResource({
  type: 'books',
  ...FIELDS,
  filters: {
    place: placeId,
    format: filterValue.enum(BOOK_FORMATS),
    language: languageCode,
    publishedAfter: filterValue.isoDate(),
    q: titleWords,
  },
});

/** `GET /books/{id}`. */
export const BOOK = defineResource({ type: 'books', ...FIELDS });
