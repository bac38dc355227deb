import { Kysely, sql } from 'kysely';

/**
 * When a dataset last changed, for ETags: read from the `sync_watermarks` table of its schema
 * (see `syncTablesMigration`) and cached for `ttlMs`, as every request asks.
 */
export class SyncStateReadRepository<DB = unknown> {
  private cached?: { marker: string; at: number };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly schema: string,
    private readonly ttlMs = 1_000,
  ) {}

  /** An opaque marker that changes whenever a sync batch of the dataset commits. */
  async marker(): Promise<string> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.marker;
    // Watermarks move in the same transaction as the rows of a batch: the marker changes exactly
    // when synced data may have.
    const { rows } = await sql<{ marker: string | null }>`
      select max(updated_at)::text as marker
      from ${sql.table(`${this.schema}.sync_watermarks`)}`.execute(this.db);
    const marker = rows[0]?.marker ?? 'never';
    this.cached = { marker, at: now };
    return marker;
  }
}
