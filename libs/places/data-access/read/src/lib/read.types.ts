import { GeoJsonGeometry, LatLng, SortDirection } from '@waypost/shared/db';
import { PlaceLevel } from '@waypost/places/schema';

export interface SortSpec<F extends string> {
  readonly field: F;
  readonly direction: SortDirection;
}

/** A keyset page request: the sort (the id is appended as tie-breaker), size and cursor values. */
export interface PageRequest<F extends string> {
  readonly sort: readonly SortSpec<F>[];
  readonly size: number;
  /** Values of the sort fields then the id, of the row the page starts after (or ends before). */
  readonly after?: readonly unknown[];
  readonly before?: readonly unknown[];
}

export interface Page<T> {
  readonly rows: T[];
  readonly hasNext: boolean;
  readonly hasPrev: boolean;
}

export interface Near extends LatLng {
  readonly radiusM: number;
}

export interface PlaceRow {
  readonly id: string;
  readonly level: PlaceLevel;
  readonly name: string;
  readonly parentId: string | null;
  readonly ancestorIds: string[];
  readonly countryCode: string | null;
  readonly population: number | null;
  readonly centroid: GeoJsonGeometry;
  readonly boundary?: GeoJsonGeometry | null;
  readonly distance?: number;
}

export interface PointOfInterestRow {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly description: string | null;
  readonly address: string | null;
  readonly openingHours: Record<string, unknown> | null;
  readonly location: GeoJsonGeometry;
  readonly placeId: string | null;
  readonly placeIds: string[];
  readonly distance?: number;
}
