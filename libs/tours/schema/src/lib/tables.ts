import { ColumnType, Generated } from 'kysely';
import { SyncTables } from '@waypost/shared/db';

// The one place the tours schema's row types are written down; they mirror migrations/.
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TextArray = ColumnType<string[], readonly string[] | undefined, readonly string[]>;

export interface ToursTable {
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
  /** The places the tour is at (every place it visits, in order). */
  directPlaceIds: TextArray;
  /** The direct places and all their ancestors (rolled up into `tours_by_place`). */
  placeIds: TextArray;
  sourceUpdatedAt: Timestamp;
  contentHash: string;
  syncedAt: Generated<Timestamp>;
}

/** One row per place a tour is indexed at, with its sort keys (kept by triggers). */
export interface ToursByPlaceTable {
  placeId: string;
  id: string;
  name: string;
  updatedAt: Date;
}

export const TOURS_SCHEMA = 'tours';

export type ToursDatabase = {
  'tours.tours': ToursTable;
  'tours.toursByPlace': ToursByPlaceTable;
} & SyncTables<typeof TOURS_SCHEMA>;
