import { Gazetteer, PlaceSummary } from '@waypost/places/gazetteer';
import { MatchMethod, PlaceQuery, matchPlaces } from './place.matcher';
import { ViatorDestination } from './viator.record';

type PlaceLevel = PlaceSummary['level'];

const LEVELS: Record<string, readonly PlaceLevel[]> = {
  CONTINENT: ['continent'],
  COUNTRY: ['country'],
  REGION: ['region'],
  CITY: ['city', 'neighborhood'],
};

/** A Viator destination and the place of ours it maps to (null: it maps to nothing). */
export interface DestinationMapping {
  readonly destination: ViatorDestination;
  readonly place: PlaceSummary | null;
  readonly by: MatchMethod | null;
}

/**
 * Maps Viator's destination tree onto our places, parents before children (one pair of
 * gazetteer queries per depth): a destination's namesakes are narrowed to those under its
 * nearest mapped ancestors (`lookupId`), then settled by its centre.
 */
export async function mapViatorDestinations(
  gazetteer: Gazetteer,
  destinations: readonly ViatorDestination[],
): Promise<Map<string, DestinationMapping>> {
  const mapped = new Map<string, DestinationMapping>();
  const chainOf = (d: ViatorDestination) => String(d.lookupId).split('.').filter(Boolean);
  const byDepth = new Map<number, ViatorDestination[]>();
  for (const d of destinations) {
    const depth = chainOf(d).length;
    byDepth.set(depth, [...(byDepth.get(depth) ?? []), d]);
  }
  for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) {
    const level = byDepth.get(depth)!;
    const queries: PlaceQuery[] = level.map((d) => ({
      name: d.name,
      levels: LEVELS[d.type],
      within: chainOf(d)
        .slice(0, -1)
        .reverse()
        .flatMap((id) => {
          const place = mapped.get(id)?.place;
          return place ? [place.id] : [];
        }),
      centre: d.center ? { lat: d.center.latitude, lng: d.center.longitude } : null,
    }));
    const matches = await matchPlaces(gazetteer, queries);
    level.forEach((d, i) =>
      mapped.set(String(d.destinationId), {
        destination: d,
        place: matches[i]?.place ?? null,
        by: matches[i]?.by ?? null,
      }),
    );
  }
  return mapped;
}
