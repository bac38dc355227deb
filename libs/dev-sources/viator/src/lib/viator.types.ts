export const VIATOR_DESTINATION_TYPES = ['CONTINENT', 'COUNTRY', 'REGION', 'CITY'] as const;
export type ViatorDestinationType = (typeof VIATOR_DESTINATION_TYPES)[number];

/** A destination of `GET /destinations`: Viator's own ids, `lookupId` the dotted ancestor chain. */
export interface ViatorDestination {
  readonly destinationId: number;
  readonly name: string;
  readonly type: ViatorDestinationType;
  readonly parentDestinationId: number | null;
  /** Ancestor ids from the top down to this one, dotted: `6.187.23.487`. */
  readonly lookupId: string;
  readonly destinationUrl: string;
  readonly defaultCurrencyCode: string;
  readonly timeZone: string;
  readonly center: { readonly latitude: number; readonly longitude: number };
}

export interface ViatorImage {
  readonly imageSource: 'SUPPLIER' | 'PROFESSIONAL';
  readonly caption: string;
  readonly isCover: boolean;
  readonly variants: readonly {
    readonly height: number;
    readonly width: number;
    readonly url: string;
  }[];
}

export interface ViatorItineraryDay {
  readonly title: string;
  readonly dayNumber: number;
  readonly items: readonly { readonly description: string; readonly destinationRef: string }[];
}

/** An ACTIVE product's content, as `modified-since` carries it (the fields a sync maps). */
export interface ViatorActiveProduct {
  readonly status: 'ACTIVE';
  readonly productCode: string;
  readonly language: 'en';
  readonly createdAt: string;
  readonly lastUpdatedAt: string;
  readonly title: string;
  readonly description: string;
  readonly images: readonly ViatorImage[];
  readonly duration:
    | { readonly fixedDurationInMinutes: number }
    | { readonly variableDurationFromMinutes: number; readonly variableDurationToMinutes: number };
  readonly pricingInfo: {
    readonly type: 'PER_PERSON' | 'UNIT';
    readonly ageBands: readonly {
      readonly ageBand: 'ADULT' | 'CHILD' | 'INFANT';
      readonly startAge: number;
      readonly endAge: number;
    }[];
  };
  /** The "from" price, per person, in the product's currency (a number, as Viator sends it). */
  readonly pricing: { readonly summary: { readonly fromPrice: number }; readonly currency: string };
  readonly reviews: {
    readonly sources: readonly {
      readonly provider: 'VIATOR' | 'TRIPADVISOR';
      readonly totalCount: number;
      readonly averageRating: number;
    }[];
    readonly totalReviews: number;
    readonly combinedAverageRating: number;
  };
  /** Destination ids as strings; one is primary. */
  readonly destinations: readonly { readonly ref: string; readonly primary: boolean }[];
  readonly itinerary:
    | { readonly itineraryType: 'STANDARD'; readonly duration: ViatorActiveProduct['duration'] }
    | { readonly itineraryType: 'MULTI_DAY_TOUR'; readonly days: readonly ViatorItineraryDay[] };
  readonly supplier: { readonly name: string };
  readonly productUrl: string;
  readonly tags: readonly number[];
}

/** A product taken off sale: only its code, status and dates. A sync treats it as a delete. */
export interface ViatorInactiveProduct {
  readonly status: 'INACTIVE';
  readonly productCode: string;
  readonly createdAt: string;
  readonly lastUpdatedAt: string;
}

export type ViatorProduct = ViatorActiveProduct | ViatorInactiveProduct;

/** A product as the catalogue keeps it: wire fields replaced as a broken feed would send them. */
export type ViatorProductRecord = ViatorProduct & {
  readonly raw?: Readonly<Record<string, unknown>>;
};

/** A product to publish: the catalogue stamps `createdAt`/`lastUpdatedAt`. */
export type ViatorProductInput =
  | (Omit<ViatorActiveProduct, 'createdAt' | 'lastUpdatedAt'> & {
      readonly raw?: Readonly<Record<string, unknown>>;
    })
  | Omit<ViatorInactiveProduct, 'createdAt' | 'lastUpdatedAt'>;
