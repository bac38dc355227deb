import { ColumnType, Generated } from 'kysely';
import { SyncTables } from '@waypost/shared/db';

// The one place the books schema's row types are written down; they mirror migrations/.
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TextArray = ColumnType<string[], readonly string[] | undefined, readonly string[]>;

export interface BooksTable {
  /** `<source>-<source id>`: stable across syncs. */
  id: string;
  /** The sync source it came from. */
  source: string;
  sourceId: string;
  name: string;
  description: string | null;
  url: string | null;
  latitude: number | null;
  longitude: number | null;
  /** The places the book is at (the places it mentions). */
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
  name: string;
  updatedAt: Date;
}

export const BOOKS_SCHEMA = 'books';

export type BooksDatabase = {
  'books.books': BooksTable;
  'books.booksByPlace': BooksByPlaceTable;
} & SyncTables<typeof BOOKS_SCHEMA>;
