import { Kysely, sql } from 'kysely';
import { PlacesDatabase } from '@waypost/places/schema';

/** When the dataset last changed, for ETag and Cache-Control; cached briefly, as every request asks. */
export class SyncStateReadRepository {
  private cached?: { marker: string; at: number };

  constructor(
    private readonly db: Kysely<PlacesDatabase>,
    private readonly ttlMs = 1_000,
  ) {}

  /** An opaque marker that changes whenever a sync run changes data. */
  async marker(): Promise<string> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.marker;
    const { rows } = await sql<{ marker: string | null }>`
      select max(finished_at)::text || ':' || count(*)::text as marker
      from places.sync_runs
      where finished_at is not null
        and coalesce((counts->>'inserted')::int, 0) + coalesce((counts->>'updated')::int, 0)
          + coalesce((counts->>'deleted')::int, 0) > 0`.execute(this.db);
    const marker = rows[0]?.marker ?? 'never';
    this.cached = { marker, at: now };
    return marker;
  }
}
