import { PointOfInterestRow, ValueSource } from '@waypost/places/data-access/read';

/** Where a value came from and when it was fetched from there. */
export interface ValueProvenance {
  readonly source: ValueSource;
  readonly fetchedAt: string;
}

/**
 * Per enriched field, where the served value came from (the CMS where it has one, Google Places
 * otherwise) and when; null for a field without a value.
 */
export function pointOfInterestProvenance(
  p: PointOfInterestRow,
): Record<'address' | 'openingHours' | 'website' | 'rating', ValueProvenance | null> {
  const from = (source: ValueSource | null): ValueProvenance | null => {
    if (source === 'cms') return { source, fetchedAt: p.cmsSyncedAt.toISOString() };
    if (source === 'google-places' && p.googleFetchedAt) {
      return { source, fetchedAt: p.googleFetchedAt.toISOString() };
    }
    return null;
  };
  return {
    address: from(p.addressSource),
    openingHours: from(p.openingHoursSource),
    website: from(p.website === null ? null : 'google-places'),
    rating: from(p.rating === null ? null : 'google-places'),
  };
}
