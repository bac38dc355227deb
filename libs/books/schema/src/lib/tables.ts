import { ColumnType, Generated } from 'kysely';
import { SyncTables } from '@waypost/shared/db';

// The one place the books schema's row types are written down; they mirror migrations/.
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TextArray = ColumnType<string[], readonly string[] | undefined, readonly string[]>;
/** jsonb: read as the value, written as its JSON text. */
type Json<T> = ColumnType<T, string, string>;
/**
 * numeric: written as a decimal string; read as a number by the shared type parser (the API
 * selects it as text to keep it exact).
 */
type Decimal = ColumnType<number | null, string | null, string | null>;

export const BOOK_FORMATS = ['print', 'ebook'] as const;
export type BookFormat = (typeof BOOK_FORMATS)[number];
export const BOOK_FORMAT_DETAILS = ['hardback', 'paperback', 'epub', 'pdf'] as const;
export type BookFormatDetail = (typeof BOOK_FORMAT_DETAILS)[number];
export const BOOK_AVAILABILITIES = ['available', 'unavailable'] as const;
export type BookAvailability = (typeof BOOK_AVAILABILITIES)[number];

export interface BookContributor {
  readonly name: string;
  /** ONIX ContributorRole, e.g. `A01` (author). */
  readonly role: string;
}

export interface BookPrice {
  /** Decimal string, e.g. `"14.99"`. */
  readonly amount: string;
  /** ISO 4217. */
  readonly currency: string;
  /** Whether the amount includes tax (ONIX PriceType 02) or not (01). */
  readonly includesTax: boolean;
}

export interface BooksTable {
  /** `<source>-<record reference>`: stable across syncs. */
  id: string;
  /** The sync source it came from. */
  source: string;
  /** ONIX `RecordReference`. */
  sourceId: string;
  isbn13: string;
  title: string;
  subtitle: string | null;
  contributors: Json<readonly BookContributor[]>;
  format: BookFormat;
  formatDetail: BookFormatDetail | null;
  /** ISO 639-2/B, e.g. `eng`. */
  language: string | null;
  publisher: string | null;
  /** The publication date (UTC midnight). */
  publishedAt: Timestamp;
  /** Sanitised HTML. */
  description: string | null;
  /** The headline price (the preferred currency's, else the first) and its currency. */
  price: Decimal;
  currency: string | null;
  /** Every price the feed gives. */
  prices: Json<readonly BookPrice[]>;
  availability: BookAvailability;
  /** Places found by Thema place qualifiers (scheme 94). */
  qualifierPlaceIds: TextArray;
  /** Places found by name in keywords (scheme 20) and the title. */
  mentionPlaceIds: TextArray;
  /** The places the book is about: qualifier and mention places together. */
  directPlaceIds: TextArray;
  /** The direct places and all their ancestors (rolled up into `books_by_place`). */
  placeIds: TextArray;
  sourceUpdatedAt: Timestamp;
  contentHash: string;
  syncedAt: Generated<Timestamp>;
}

/** One row per place a book is indexed at, with its sort keys (kept by triggers). */
export interface BooksByPlaceTable {
  placeId: string;
  id: string;
  title: string;
  publishedAt: Date;
  /** `coalesce(price, -1)`. */
  price: number;
}

export const BOOKS_SCHEMA = 'books';

export type BooksDatabase = {
  'books.books': BooksTable;
  'books.booksByPlace': BooksByPlaceTable;
} & SyncTables<typeof BOOKS_SCHEMA>;
