import { PlaceSummary } from '@waypost/places/gazetteer';
import { contentHash } from '@waypost/shared/sync';
import { TourDeparture, TourImage } from '@waypost/tours/schema';
import { TourWrite } from '@waypost/tours/data-access/write';

/** A tour as every source maps it, before the places are indexed. */
export interface TourContent {
  readonly source: string;
  readonly sourceId: string;
  readonly title: string;
  readonly description: string | null;
  readonly durationMinutes: number | null;
  readonly price: { readonly amount: string; readonly currency: string } | null;
  readonly rating: { readonly average: string | null; readonly count: number };
  readonly images: readonly TourImage[];
  readonly bookingUrl: string | null;
  readonly departures: readonly TourDeparture[];
  readonly sourceUpdatedAt: string;
}

/**
 * The row of a tour: indexed at every place it visits (in itinerary order, each once) and its
 * start place, and at all their ancestors (the roll-up); the start place kept apart.
 */
export function tourRow(
  content: TourContent,
  visited: readonly PlaceSummary[],
  start: PlaceSummary | null,
): TourWrite {
  const direct = [...new Set(visited.map((p) => p.id))];
  const all = new Set<string>();
  for (const p of start ? [...visited, start] : visited) {
    for (const id of [...p.ancestorIds, p.id]) all.add(id);
  }
  const row = {
    source: content.source,
    sourceId: content.sourceId,
    operator: content.source,
    title: content.title,
    description: content.description,
    durationMinutes: content.durationMinutes,
    priceAmount: content.price?.amount ?? null,
    priceCurrency: content.price?.currency ?? null,
    ratingAverage: content.rating.average,
    ratingCount: content.rating.count,
    images: JSON.stringify(content.images),
    bookingUrl: content.bookingUrl,
    departures: JSON.stringify(content.departures),
    departureDates: content.departures.map((d) => d.startDate),
    startPlaceId: start?.id ?? null,
    directPlaceIds: direct,
    placeIds: [...all].sort(),
    sourceUpdatedAt: content.sourceUpdatedAt,
  };
  return { id: `${content.source}-${content.sourceId}`, ...row, contentHash: contentHash(row) };
}

/** A decimal amount as a string with two places, or null when it is not a finite non-negative number. */
export function decimal(value: unknown): string | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n.toFixed(2) : null;
}

export const isIsoTime = (v: unknown): v is string =>
  typeof v === 'string' && !Number.isNaN(Date.parse(v));

export const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
