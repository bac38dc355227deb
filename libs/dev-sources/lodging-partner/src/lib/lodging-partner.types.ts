export const LODGING_PROPERTY_TYPES = ['HOSTEL', 'HOTEL', 'GUESTHOUSE', 'APARTMENT'] as const;
export type LodgingPropertyType = (typeof LODGING_PROPERTY_TYPES)[number];

/** A city in the partner's own catalogue: its ids, names and centres, not Waypost's. */
export interface PartnerCity {
  readonly id: number;
  readonly name: string;
  /** The country's English name, as the partner spells it. */
  readonly country: string;
  /** ISO 3166-1 alpha-2. */
  readonly countryCode: string;
  readonly latitude: number;
  readonly longitude: number;
}

/** A property as the partner sends it (`GET /cities/{id}/properties`). */
export interface PartnerProperty {
  readonly id: number;
  readonly name: string;
  readonly type: LodgingPropertyType;
  readonly address1: string;
  readonly address2: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  /** The partner's district of the city, named after a real neighborhood where there is one. */
  readonly district: { readonly id: number; readonly name: string } | null;
  /** `overall` 0-100, null before the first rating. */
  readonly overallRating: { readonly overall: number | null; readonly numberOfRatings: number };
  /** A decimal string and an ISO 4217 code; null when nothing is bookable. */
  readonly lowestPricePerNight: { readonly value: string; readonly currency: string } | null;
  readonly facilities: readonly string[];
  /** Image URL = prefix + size + suffix, as the partner's CDN wants. */
  readonly images: readonly { readonly prefix: string; readonly suffix: string }[];
}

/** What a property becomes on the wire: its fields, some replaced as a broken feed would send them. */
export type PartnerPropertyRecord = PartnerProperty & {
  /** Wire fields replaced (fixture edge cases: a missing name, a price that is not a number). */
  readonly raw?: Readonly<Record<string, unknown>>;
};
