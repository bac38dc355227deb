import { ColumnType, Generated } from 'kysely';
import { SyncTables } from '@waypost/shared/db';

// The one place the tours schema's row types are written down; they mirror migrations/.
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TextArray = ColumnType<string[], readonly string[] | undefined, readonly string[]>;
/** jsonb: read as the value, written as its JSON text. */
type Json<T> = ColumnType<T, string, string>;
/** numeric: read as a number (shared/db's parser); written as a decimal string. Read `::text` for the exact value. */
type Decimal = ColumnType<number, string | number, string | number>;

/** An image of a tour, its largest variant. */
export interface TourImage {
  readonly url: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly caption: string | null;
}

/** A departure of a tour: its dates and, where the source prices departures, its price. */
export interface TourDeparture {
  /** `YYYY-MM-DD`. */
  readonly startDate: string;
  readonly finishDate: string | null;
  readonly price: { readonly amount: string; readonly currency: string } | null;
  readonly availability: string | null;
}

export interface ToursTable {
  /** `<source>-<source id>`: stable across syncs. */
  id: string;
  /** The sync source it came from. */
  source: string;
  sourceId: string;
  /** Who sells it (`viator`, `gadventures`). */
  operator: string;
  title: string;
  description: string | null;
  durationMinutes: number | null;
  /** The "from" price per person, with its ISO 4217 currency (both null or neither). */
  priceAmount: Decimal | null;
  priceCurrency: string | null;
  ratingAverage: Decimal | null;
  ratingCount: number;
  images: Json<TourImage[]>;
  bookingUrl: string | null;
  /** Departures in date order, as the source last listed them. */
  departures: Json<TourDeparture[]>;
  /** The departures' start dates (`departingAfter`/`departingBefore`). */
  departureDates: ColumnType<Date[], readonly string[] | undefined, readonly string[]>;
  /** Where the tour starts (also the first visited place when the itinerary starts there). */
  startPlaceId: string | null;
  /** The places the tour visits, in itinerary order. */
  directPlaceIds: TextArray;
  /** The visited places, the start place and all their ancestors (rolled up into `tours_by_place`). */
  placeIds: TextArray;
  sourceUpdatedAt: Timestamp;
  contentHash: string;
  syncedAt: Generated<Timestamp>;
}

/** One row per place a tour is indexed at, with its sort keys (kept by triggers). */
export interface ToursByPlaceTable {
  placeId: string;
  id: string;
  name: string;
  price: Decimal;
  rating: Decimal;
  duration: number;
}

/** A Viator destination as mapped onto our places by the last sync (null: maps to nothing). */
export interface ViatorDestinationsTable {
  destinationId: number;
  name: string;
  type: string;
  lookupId: string;
  latitude: number | null;
  longitude: number | null;
  placeId: string | null;
  /** How it was settled: `name`, `parent`, `centre`, or null when it maps to nothing. */
  mappedBy: string | null;
  mappedAt: Generated<Timestamp>;
}

export const TOURS_SCHEMA = 'tours';

export type ToursDatabase = {
  'tours.tours': ToursTable;
  'tours.toursByPlace': ToursByPlaceTable;
  'tours.viatorDestinations': ViatorDestinationsTable;
} & SyncTables<typeof TOURS_SCHEMA>;
