import { ColumnType, Generated } from 'kysely';
import { SyncTables } from '@waypost/shared/db';

// The one place the lodgings schema's row types are written down; they mirror migrations/.
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TextArray = ColumnType<string[], readonly string[] | undefined, readonly string[]>;

export interface LodgingsTable {
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
  /** The places the lodging is at (the one its point is in). */
  directPlaceIds: TextArray;
  /** The direct places and all their ancestors (rolled up into `lodgings_by_place`). */
  placeIds: TextArray;
  sourceUpdatedAt: Timestamp;
  contentHash: string;
  syncedAt: Generated<Timestamp>;
}

/** One row per place a lodging is indexed at, with its sort keys (kept by triggers). */
export interface LodgingsByPlaceTable {
  placeId: string;
  id: string;
  name: string;
  updatedAt: Date;
}

export const LODGINGS_SCHEMA = 'lodgings';

export type LodgingsDatabase = {
  'lodgings.lodgings': LodgingsTable;
  'lodgings.lodgingsByPlace': LodgingsByPlaceTable;
} & SyncTables<typeof LODGINGS_SCHEMA>;
