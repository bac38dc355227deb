/** Viator Partner API v2 as the sync reads it; fields it does not map are left out. */

/** A destination of `GET /destinations`; `lookupId` is the dotted chain of ancestor ids. */
export interface ViatorDestination {
  readonly destinationId: number;
  readonly name: string;
  readonly type: string;
  readonly parentDestinationId?: number | null;
  readonly lookupId: string;
  readonly center?: { readonly latitude: number; readonly longitude: number } | null;
}

/** A product of `GET /products/modified-since`: ACTIVE with content, or INACTIVE (a delete). */
export interface ViatorProduct {
  readonly productCode: string;
  readonly status: 'ACTIVE' | 'INACTIVE' | string;
  readonly lastUpdatedAt?: string;
  readonly title?: string | null;
  readonly description?: string | null;
  readonly images?: readonly {
    readonly caption?: string | null;
    readonly isCover?: boolean;
    readonly variants?: readonly {
      readonly height: number;
      readonly width: number;
      readonly url: string;
    }[];
  }[];
  readonly duration?: {
    readonly fixedDurationInMinutes?: number;
    readonly variableDurationFromMinutes?: number;
    readonly variableDurationToMinutes?: number;
  } | null;
  readonly pricing?: {
    readonly summary?: { readonly fromPrice?: number };
    readonly currency?: string;
  } | null;
  readonly reviews?: {
    readonly totalReviews?: number;
    readonly combinedAverageRating?: number;
  } | null;
  readonly destinations?: readonly { readonly ref: string; readonly primary?: boolean }[] | null;
  readonly itinerary?: {
    readonly itineraryType?: string;
    readonly days?: readonly { readonly items?: readonly { readonly destinationRef?: string }[] }[];
  } | null;
  readonly productUrl?: string | null;
}

/**
 * Where a pull resumes: the feed cursor stored with the last committed page (its `nextCursor`, or
 * on the last page the cursor that fetched it, so the next sync reads that page again).
 */
export interface ViatorWatermark {
  readonly cursor: string | null;
}
