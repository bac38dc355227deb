import { GeoJsonGeometry, LatLng } from '@waypost/shared/db';
import { PlaceLevel } from '@waypost/places/schema';

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
  /** The search rank as a sortable key (with `filter[q]`); not part of the document. */
  readonly relevance?: string;
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
