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
  /** The CMS's address, else Google's. */
  readonly address: string | null;
  readonly addressSource: ValueSource | null;
  /** The CMS's weekly hours, else Google's (per weekday, ["HH:MM", "HH:MM"] pairs). */
  readonly openingHours: Record<string, unknown> | null;
  readonly openingHoursSource: ValueSource | null;
  /** From Google Places. */
  readonly website: string | null;
  readonly rating: number | null;
  readonly businessStatus: string | null;
  readonly permanentlyClosed: boolean;
  /** IANA time zone of the location. */
  readonly timeZone: string | null;
  /** When the CMS's values were last written. */
  readonly cmsSyncedAt: Date;
  /** When Google was last asked; null: never. */
  readonly googleFetchedAt: Date | null;
  readonly location: GeoJsonGeometry;
  readonly placeId: string | null;
  readonly placeIds: string[];
  readonly distance?: number;
}

/** Where a point of interest's value came from. */
export type ValueSource = 'cms' | 'google-places';
