/** A record as the partner source serves it; fields the sync does not map are ignored. */
export interface PartnerRecord {
  readonly id: string;
  readonly name: string;
  readonly description?: string | null;
  readonly url?: string | null;
  readonly latitude?: number | null;
  readonly longitude?: number | null;
  /** Names of the places it is about, as the source spells them. */
  readonly places?: readonly string[];
  /** ISO 8601; the feed is ordered by it, then by id. */
  readonly updatedAt: string;
  /** A tombstone: the record was removed at the source. */
  readonly deleted?: boolean;
}

/** Where a pull resumes: the last committed record's change time and id. */
export interface PartnerWatermark {
  readonly updatedAt: string;
  readonly id: string;
}
