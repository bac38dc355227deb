/** What the resolver needs to know of a candidate place. */
export interface MentionCandidate {
  readonly id: string;
  readonly ancestorIds: readonly string[];
  readonly population: number | null;
}

/** Names a piece of content mentions together (tags, categories, a destination and its country). */
export interface MentionSet {
  /** Place names as the content spells them; matched case-insensitively. */
  readonly names: readonly string[];
  /** Places known by other means (e.g. the content's geotag): context for the names, like a name. */
  readonly context?: readonly Pick<MentionCandidate, 'id' | 'ancestorIds'>[];
}

/** The key a name is looked up under. */
export const mentionKey = (name: string): string => name.trim().toLowerCase();

const related = (
  a: Pick<MentionCandidate, 'id' | 'ancestorIds'>,
  b: Pick<MentionCandidate, 'id' | 'ancestorIds'>,
) => a.id === b.id || a.ancestorIds.includes(b.id) || b.ancestorIds.includes(a.id);

/**
 * Picks one place per mentioned name (names without any place are left out), pure:
 * 1. of namesakes nested in each other (Berlin the city in Berlin the state), the deepest;
 * 2. the candidate related (the same place, an ancestor or a descendant) to the most other
 *    mentions and context places (Paris beside Texas is Paris, Texas; beside France, Paris, France);
 * 3. then the most populous, then the smallest id.
 * `candidates` maps each `mentionKey` to its places, most populous first.
 */
export function resolveMentionSet<P extends MentionCandidate>(
  set: MentionSet,
  candidates: ReadonlyMap<string, readonly P[]>,
): P[] {
  const keys = [...new Set(set.names.map(mentionKey))].filter((k) => k !== '');
  const byKey = keys
    .map((key) => {
      const all = candidates.get(key) ?? [];
      return { key, places: all.filter((c) => !all.some((d) => d.ancestorIds.includes(c.id))) };
    })
    .filter((m) => m.places.length > 0);
  const context = set.context ?? [];
  const chosen = new Map<string, P>();
  for (const mention of byKey) {
    const others = byKey.filter((m) => m !== mention);
    const score = (c: P) =>
      others.filter((m) => m.places.some((d) => related(c, d))).length +
      context.filter((known) => related(c, known)).length;
    const best = mention.places.reduce((winner, c) => {
      const [sc, sw] = [score(c), score(winner)];
      if (sc !== sw) return sc > sw ? c : winner;
      const [pc, pw] = [c.population ?? -1, winner.population ?? -1];
      if (pc !== pw) return pc > pw ? c : winner;
      return c.id < winner.id ? c : winner;
    });
    chosen.set(best.id, best);
  }
  return [...chosen.values()];
}
