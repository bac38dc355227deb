export type GoogleBusinessStatus = 'OPERATIONAL' | 'CLOSED_TEMPORARILY' | 'CLOSED_PERMANENTLY';

/** A moment of the week: `day` 0 = Sunday ... 6 = Saturday, local time. */
export interface GooglePoint {
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/** An opening; no `close` means open around the clock (Google's shape for 24/7). */
export interface GooglePeriod {
  readonly open: GooglePoint;
  readonly close?: GooglePoint;
}

export interface GoogleOpeningHours {
  readonly periods: readonly GooglePeriod[];
  /** Monday first, e.g. `Monday: 6:00 PM – 2:00 AM`, `Tuesday: Closed`. */
  readonly weekdayDescriptions: readonly string[];
}

/** A place as the Places API (New) answers it, with every field the stand-in knows. */
export interface GooglePlace {
  /** The place id, e.g. `ChIJ...`. */
  readonly id: string;
  readonly displayName: { readonly text: string; readonly languageCode: string };
  readonly formattedAddress: string;
  readonly location: { readonly latitude: number; readonly longitude: number };
  /** Absent for places without published hours (and permanently closed ones). */
  readonly regularOpeningHours?: GoogleOpeningHours;
  readonly utcOffsetMinutes: number;
  readonly websiteUri?: string;
  readonly rating?: number;
  readonly userRatingCount?: number;
  readonly businessStatus: GoogleBusinessStatus;
  readonly types: readonly string[];
}

/** Where the stand-in finds places: a fixed list, or a lookup (e.g. into the stand-in CMS). */
export type GooglePlaceLookup = (id: string) => Promise<GooglePlace | undefined>;
