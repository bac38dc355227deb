import { ColumnType, Generated } from 'kysely';
import { SyncTables } from '@waypost/shared/db';

// The one place the places schema's row types are written down; they mirror migrations/.
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** Geometry columns are written with SQL expressions and read through ST_AsGeoJSON. */
type Geometry = ColumnType<unknown, unknown, unknown>;

export const PLACE_LEVELS = [
  'world',
  'continent',
  'country',
  'region',
  'city',
  'neighborhood',
] as const;
export type PlaceLevel = (typeof PLACE_LEVELS)[number];

export interface PlacesTable {
  id: string;
  source: string;
  sourceId: string;
  level: PlaceLevel;
  name: string;
  /** Other names of the place (languages, exonyms) where the source has them. */
  alternateNames: ColumnType<string[], string[] | undefined, string[]>;
  parentId: string | null;
  ancestorIds: ColumnType<string[], string[] | undefined, string[]>;
  countryCode: string | null;
  population: number | null;
  centroid: Geometry;
  boundary: Geometry | null;
  contentHash: string;
  sourceUpdatedAt: Timestamp;
  syncedAt: Generated<Timestamp>;
}

export interface PointsOfInterestTable {
  id: string;
  source: string;
  sourceId: string;
  name: string;
  category: string;
  description: string | null;
  address: string | null;
  openingHours: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  location: Geometry;
  placeId: string | null;
  placeIds: ColumnType<string[], string[] | undefined, string[]>;
  contentHash: string;
  sourceUpdatedAt: Timestamp;
  syncedAt: Generated<Timestamp>;
  /** IANA time zone of the location (e.g. `Europe/Lisbon`). */
  timeZone: string | null;
  /** The Google Places id the CMS gives; cleared when Google answers NOT_FOUND. */
  googlePlaceId: string | null;
  /** The id Google answered NOT_FOUND for (the CMS sending it again does not relink it). */
  googlePlaceIdNotFound: string | null;
  googleAddress: string | null;
  googleWebsite: string | null;
  googleRating: number | null;
  /** Google's hours in the CMS's weekly shape (per weekday, ["HH:MM", "HH:MM"] pairs). */
  googleOpeningHours: ColumnType<
    Record<string, [string, string][]> | null,
    string | null,
    string | null
  >;
  googleBusinessStatus: string | null;
  permanentlyClosed: Generated<boolean>;
  /** When Google was last asked; null: never (first in the enrichment's queue). */
  googleFetchedAt: Timestamp | null;
}

/** Place Details requests made per UTC day, for the daily budget. */
export interface GooglePlacesUsageTable {
  day: Timestamp;
  requests: Generated<number>;
}

/** One row per point of interest and place it rolls up to (maintained by triggers; decision 0005). */
export interface PointsOfInterestByPlaceTable {
  placeId: string;
  id: string;
  name: string;
  category: string;
}

export interface PlaceBoundaryPartsTable {
  placeId: string;
  geom: Geometry;
}

export const PLACES_SCHEMA = 'places';

export type PlacesDatabase = {
  'places.places': PlacesTable;
  'places.pointsOfInterest': PointsOfInterestTable;
  'places.placeBoundaryParts': PlaceBoundaryPartsTable;
  'places.pointsOfInterestByPlace': PointsOfInterestByPlaceTable;
  'places.googlePlacesUsage': GooglePlacesUsageTable;
} & SyncTables<typeof PLACES_SCHEMA>;
