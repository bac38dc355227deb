/** A country as G Adventures references it: ISO 3166-1 alpha-2 id. */
export interface GCountryRef {
  readonly id: string;
  readonly href: string;
  readonly name: string;
}

/** A place (city, town, site) of G Adventures' own `places` resource. */
export interface GPlaceRef {
  readonly id: string;
  readonly href: string;
  readonly name: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly country: GCountryRef;
}

export interface GItineraryDay {
  readonly day: number;
  readonly label: string;
  readonly summary: string;
  readonly start_location: GPlaceRef;
  readonly end_location: GPlaceRef;
}

export interface GStructuredItinerary {
  readonly id: string;
  readonly href: string;
  readonly variation_id: string;
  readonly valid_during_ranges: readonly {
    readonly start_date: string;
    readonly end_date: string | null;
  }[];
  readonly duration: number;
  readonly days: readonly GItineraryDay[];
}

/**
 * A tour dossier (`GET /tour_dossiers/{id}`). `href`s are stored as paths (`/tour_dossiers/1`);
 * the stand-in makes them absolute, as the real API sends them.
 */
export interface GTourDossier {
  readonly id: string;
  readonly href: string;
  readonly name: string;
  readonly slug: string;
  readonly product_line: string;
  readonly description: string;
  readonly categories: readonly {
    readonly id: string;
    readonly name: string;
    readonly category_type: { readonly label: string };
  }[];
  readonly geography: {
    readonly region: { readonly id: string; readonly href: string; readonly name: string };
    readonly start_city: GPlaceRef;
    readonly finish_city: GPlaceRef;
    readonly primary_country: GCountryRef;
    readonly visited_countries: readonly GCountryRef[];
  };
  readonly images: readonly {
    readonly type: 'BANNER' | 'MAP' | 'LARGE_SQUARE';
    readonly image_href: string;
  }[];
  readonly site_links: readonly {
    readonly type: 'BOOK_NOW' | 'TOUR_PAGE';
    readonly href: string;
  }[];
  readonly departures_start_date: string | null;
  readonly departures_end_date: string | null;
  readonly structured_itineraries: readonly GStructuredItinerary[];
  readonly departures: { readonly href: string };
  readonly date_created: string;
  readonly date_last_modified: string;
}

/** A departure of a dossier (`GET /tour_dossiers/{id}/departures`). */
export interface GDeparture {
  readonly id: string;
  readonly href: string;
  readonly name: string;
  readonly start_date: string;
  readonly finish_date: string;
  /** Lowest price per person on twin share, one per currency, amounts as decimal strings. */
  readonly lowest_pp2a_prices: readonly { readonly currency: string; readonly amount: string }[];
  readonly availability: {
    readonly status: 'AVAILABLE' | 'LIMITED' | 'SOLD OUT' | 'CANCELLED';
    readonly total: number;
  };
  readonly date_last_modified: string;
}

/** A dossier as the catalogue keeps it, with its departures and wire fields a broken feed replaces. */
export interface GDossierRecord {
  readonly dossier: GTourDossier;
  readonly departures: readonly GDeparture[];
  readonly raw?: Readonly<Record<string, unknown>>;
}
