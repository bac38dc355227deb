import { ColumnType, Generated } from 'kysely';

/** The levels of the place hierarchy as the CMS spells them (`places.kind`). */
export const CMS_PLACE_KINDS = [
  'world',
  'continent',
  'country',
  'region',
  'city',
  'neighborhood',
] as const;
export type CmsPlaceKind = (typeof CMS_PLACE_KINDS)[number];

/** A GeoJSON Polygon or MultiPolygon geometry, as `places.boundary` stores it. */
export type CmsBoundary =
  | { readonly type: 'Polygon'; readonly coordinates: number[][][] }
  | { readonly type: 'MultiPolygon'; readonly coordinates: number[][][][] };

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `points_of_interest.opening_hours`: per weekday, a list of [open, close] "HH:MM" pairs. */
export type CmsOpeningHours = Partial<Record<Weekday, [string, string][]>>;

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | null, string | null>;

/** `places` as kysely sees it (CamelCasePlugin: snake_case in SQL). */
export interface CmsPlacesTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: CmsPlaceKind;
  parentId: number | null;
  latitude: number | null;
  longitude: number | null;
  boundary: Json<CmsBoundary | null>;
  population: number | null;
  countryCode: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  deletedAt: Date | null;
}

/** `points_of_interest` as kysely sees it; name, category and coordinates may be missing on purpose. */
export interface CmsPointsOfInterestTable {
  id: Generated<number>;
  placeId: number | null;
  name: string | null;
  category: string | null;
  description: string | null;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  openingHours: Json<CmsOpeningHours | null>;
  /** The place's Google Places id (`ChIJ...`), for a share of points of interest. */
  googlePlaceId: ColumnType<string | null, string | null | undefined, string | null>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  deletedAt: Date | null;
}

export interface CmsDatabase {
  places: CmsPlacesTable;
  pointsOfInterest: CmsPointsOfInterestTable;
}
