import { Gazetteer, PlaceSummary, mentionKey } from '@waypost/places/gazetteer';

type PlaceLevel = PlaceSummary['level'];

/** A partner's place to find among ours: its name, what it is, where it sits and its centre. */
export interface PlaceQuery {
  readonly name: string;
  /** Levels a match should have (others only when no candidate has one of these). */
  readonly levels?: readonly PlaceLevel[];
  /**
   * Our places it lies in, nearest first (its partner parents as mapped): candidates must descend
   * from the first of them that has any; with none of them matching, it maps to nothing.
   */
  readonly within?: readonly string[];
  readonly centre?: { readonly lat: number; readonly lng: number } | null;
}

/** How a match was settled: the only namesake, the only one under its parents, or its centre. */
export type MatchMethod = 'name' | 'parent' | 'centre';

export interface PlaceMatch {
  readonly place: PlaceSummary;
  readonly by: MatchMethod;
}

/**
 * Finds a partner's places among ours in two queries for the batch (names, then the centres of
 * the names still ambiguous): exact name, preferred level, descent from the parents already
 * mapped, and for namesakes left (three Victorias) the place whose chain the centre falls in.
 */
export async function matchPlaces(
  gazetteer: Gazetteer,
  queries: readonly PlaceQuery[],
): Promise<(PlaceMatch | null)[]> {
  if (queries.length === 0) return [];
  const found = await gazetteer.findByNames(queries.map((q) => q.name));
  const pools = queries.map((q) => candidatesFor(q, found.get(mentionKey(q.name)) ?? []));
  const ambiguous = queries.flatMap((q, i) => (pools[i]!.length > 1 && q.centre ? [i] : []));
  const assigned = await gazetteer.assign(
    ambiguous.map((i) => ({ lat: queries[i]!.centre!.lat, lng: queries[i]!.centre!.lng })),
  );
  const chains = new Map(ambiguous.map((i, k) => [i, assigned[k]?.placeIds ?? []]));
  return queries.map((q, i) => {
    const pool = pools[i]!;
    if (pool.length === 0) return null;
    if (pool.length === 1) {
      const namesakes = found.get(mentionKey(q.name))?.length ?? 1;
      return { place: pool[0]!, by: namesakes > 1 ? 'parent' : 'name' };
    }
    const chain = chains.get(i) ?? [];
    const best = [...pool].sort(
      (a, b) =>
        closeness(b, chain) - closeness(a, chain) ||
        (b.population ?? -1) - (a.population ?? -1) ||
        (a.id < b.id ? -1 : 1),
    )[0]!;
    return { place: best, by: chain.length > 0 ? 'centre' : 'name' };
  });
}

function candidatesFor(q: PlaceQuery, all: readonly PlaceSummary[]): PlaceSummary[] {
  const levelled = q.levels ? all.filter((c) => q.levels!.includes(c.level)) : [];
  if (!q.within || q.within.length === 0) return levelled.length > 0 ? levelled : [...all];
  for (const ancestor of q.within) {
    const inside = (pool: readonly PlaceSummary[]) =>
      pool.filter((c) => c.ancestorIds.includes(ancestor));
    const preferred = inside(levelled);
    if (preferred.length > 0) return preferred;
    const any = inside(all);
    if (any.length > 0) return any;
  }
  return [];
}

/** How deep a candidate's chain runs along the chain the centre was assigned to. */
function closeness(c: PlaceSummary, chain: readonly string[]): number {
  if (chain.includes(c.id)) return 1_000 + chain.indexOf(c.id);
  const own = [...c.ancestorIds, c.id];
  let shared = 0;
  while (shared < own.length && own[shared] === chain[shared]) shared += 1;
  return shared;
}
