import { ColumnType, Generated } from 'kysely';
import { SyncTables } from '@waypost/shared/db';

// The one place the lodgings schema's row types are written down; they mirror migrations/.
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TextArray = ColumnType<string[], readonly string[] | undefined, readonly string[]>;

/**
 * Sort keys must be non-null for keyset paging: an unpriced lodging sorts after every price, an
 * unrated one below every rating (so last under `sort=-rating`). The roll-up and the read
 * repository use the same expressions.
 */
export const UNPRICED_SORT_KEY = '1e15';
export const UNRATED_SORT_KEY = '-1';

export const LODGING_TYPES = ['hostel', 'hotel', 'guesthouse', 'apartment'] as const;
export type LodgingType = (typeof LODGING_TYPES)[number];

export interface LodgingsTable {
  /** `<source>-<source id>`: stable across syncs. */
  id: string;
  /** The sync source it came from. */
  source: string;
  sourceId: string;
  /** The source partition it was pulled in (the partner's city id). */
  partition: string;
  name: string;
  type: LodgingType;
  address: string | null;
  /** The partner's district name (a real neighborhood's where it has one). */
  district: string | null;
  latitude: number | null;
  longitude: number | null;
  /** Generated from latitude and longitude. */
  location: ColumnType<unknown, never, never>;
  /** 0-100; null before the first rating. */
  rating: number | null;
  ratingCount: number;
  /**
   * Lowest price per night (numeric), in `currency`: written as the partner's decimal string;
   * node-postgres reads numeric as a number here (shared/db), so reads that must stay exact select
   * `price::text`.
   */
  price: ColumnType<number | null, string | null, string | null>;
  currency: string | null;
  facilities: TextArray;
  images: TextArray;
  /** The place the lodging is indexed at: its district's neighborhood, else its city, else its point's. */
  directPlaceIds: TextArray;
  /** The direct places and all their ancestors (rolled up into `lodgings_by_place`). */
  placeIds: TextArray;
  contentHash: string;
  syncedAt: Generated<Timestamp>;
}

/** One row per place a lodging is indexed at, with its sort keys (kept by triggers). */
export interface LodgingsByPlaceTable {
  placeId: string;
  id: string;
  name: string;
  /** Read as a number (shared/db's numeric parser); the reads select `price::text`. */
  price: number;
  rating: number;
}

/** A partner city and the place it maps to (null: it matches none, and is reported). */
export interface PartnerCitiesTable {
  source: string;
  cityId: string;
  name: string;
  country: string | null;
  countryCode: string | null;
  latitude: number | null;
  longitude: number | null;
  placeId: string | null;
  placeIds: TextArray;
  matchedBy: 'name' | 'coordinates' | 'name+coordinates' | 'none';
  /** Stamped by the database when the mapping changes. */
  mappedAt: ColumnType<Date, Date | string | undefined, Date | string>;
  /** The city's watermark: when its last complete pull committed. */
  lastCompletePullAt: ColumnType<Date | null, Date | string | null, Date | string | null>;
  lastFailedPullAt: ColumnType<Date | null, Date | string | null, Date | string | null>;
  lastError: string | null;
}

export const LODGINGS_SCHEMA = 'lodgings';

export type LodgingsDatabase = {
  'lodgings.lodgings': LodgingsTable;
  'lodgings.lodgingsByPlace': LodgingsByPlaceTable;
  'lodgings.partnerCities': PartnerCitiesTable;
} & SyncTables<typeof LODGINGS_SCHEMA>;
