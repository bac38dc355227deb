/** The partner's wire shapes (`../shared/docs/sources.md`, "Lodging partner"); extra fields are ignored. */
export interface PartnerCityWire {
  readonly id: number | string;
  readonly name: string;
  readonly country?: string | null;
  /** ISO 3166-1 alpha-2. */
  readonly countryCode?: string | null;
  readonly latitude?: number | null;
  readonly longitude?: number | null;
}

export interface PartnerPropertyWire {
  readonly id: number | string;
  readonly name?: unknown;
  readonly type?: unknown;
  readonly address1?: unknown;
  readonly address2?: unknown;
  readonly latitude?: unknown;
  readonly longitude?: unknown;
  readonly district?: { readonly name?: unknown } | null;
  readonly overallRating?: {
    readonly overall?: unknown;
    readonly numberOfRatings?: unknown;
  } | null;
  readonly lowestPricePerNight?: { readonly value?: unknown; readonly currency?: unknown } | null;
  readonly facilities?: unknown;
  readonly images?: unknown;
}

export interface PropertiesPageWire {
  readonly properties: readonly PartnerPropertyWire[];
  readonly pagination: {
    readonly page: number;
    readonly totalPages: number;
    readonly totalResults: number;
  };
}
