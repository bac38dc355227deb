import { SourcePage } from '@waypost/shared/sync';
import { Pool } from 'pg';

/** A keyset position in a CMS table: updated_at in microseconds since the epoch, then id. */
export interface CmsWatermark {
  readonly updatedAtUs: string;
  readonly id: string;
}

export interface CmsPaging {
  readonly pageSize: number;
  /** How old a change must be before it is synced (see SETTLED). */
  readonly settleMs: number;
}

export interface CmsRow {
  readonly id: string;
  readonly updatedAtUs: string;
  readonly updatedAt: Date;
  readonly deletedAt: Date | null;
}

export interface CmsPlaceRow extends CmsRow {
  readonly code: string | null;
  readonly name: string | null;
  readonly kind: string | null;
  readonly parentCode: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly boundary: unknown | null;
  readonly population: string | null;
  readonly countryCode: string | null;
}

export interface CmsPointOfInterestRow extends CmsRow {
  readonly placeCode: string | null;
  readonly name: string | null;
  readonly category: string | null;
  readonly description: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly address: string | null;
  readonly openingHours: Record<string, unknown> | null;
  readonly googlePlaceId: string | null;
}

// Exact microseconds: interval arithmetic on one large factor goes through float8 and rounds.
const AFTER_US = `timestamptz 'epoch' + ($1::bigint / 1000000) * interval '1 second' + ($1::bigint % 1000000) * interval '1 microsecond'`;

// Rows younger than the settle time wait for the next run: a transaction still open when we read
// may commit rows with an older updated_at, and the watermark must not pass them.
const SETTLED = `now() - $4::int * interval '1 millisecond'`;

const QUERIES = {
  places: `
    select p.id::text, (extract(epoch from p.updated_at) * 1000000)::bigint::text as "updatedAtUs",
           p.updated_at as "updatedAt", p.deleted_at as "deletedAt",
           p.code, p.name, p.kind, parent.code as "parentCode", p.latitude, p.longitude, p.boundary,
           p.population::text, p.country_code as "countryCode"
    from places p left join places parent on parent.id = p.parent_id
    where (p.updated_at, p.id) > (${AFTER_US}, $2::bigint) and p.updated_at < ${SETTLED}
    order by p.updated_at, p.id limit $3`,
  pointsOfInterest: `
    select poi.id::text, (extract(epoch from poi.updated_at) * 1000000)::bigint::text as "updatedAtUs",
           poi.updated_at as "updatedAt", poi.deleted_at as "deletedAt",
           case when pl.deleted_at is null then pl.code end as "placeCode",
           poi.name, poi.category, poi.description, poi.latitude, poi.longitude, poi.address,
           poi.opening_hours as "openingHours", poi.google_place_id as "googlePlaceId"
    from points_of_interest poi left join places pl on pl.id = poi.place_id
    where (poi.updated_at, poi.id) > (${AFTER_US}, $2::bigint) and poi.updated_at < ${SETTLED}
    order by poi.updated_at, poi.id limit $3`,
} as const;

export type CmsTable = keyof typeof QUERIES;

/** Reads the CMS (a Rails-style PostgreSQL database) over a read-only connection. */
export class CmsReader {
  private readonly pool: Pool;

  /** `statementTimeoutMs`: a CMS query that hangs fails instead of holding the run. */
  constructor(url: string, statementTimeoutMs?: number) {
    this.pool = new Pool({
      connectionString: url,
      max: 2,
      statement_timeout: statementTimeoutMs,
      application_name: 'waypost-places-sync',
      options: '-c default_transaction_read_only=on',
    });
    // An idle connection the server dropped is discarded by the pool; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /**
   * Pages of rows changed after the watermark, by (updated_at, id), leaving out rows changed in
   * the last `settleMs` (see SETTLED).
   */
  async *changes<T extends CmsRow>(
    table: CmsTable,
    watermark: unknown | null,
    { pageSize, settleMs }: CmsPaging,
  ): AsyncGenerator<SourcePage<T>> {
    let position: CmsWatermark = (watermark as CmsWatermark | null) ?? {
      updatedAtUs: '-62135596800000000',
      id: '0',
    };
    for (;;) {
      const { rows } = await this.pool.query<T>(QUERIES[table], [
        position.updatedAtUs,
        position.id,
        pageSize,
        settleMs,
      ]);
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!;
      position = { updatedAtUs: last.updatedAtUs, id: last.id };
      yield { records: rows, watermark: position };
      if (rows.length < pageSize) return;
    }
  }

  /** For readiness: the CMS answers a trivial query. */
  async ping(): Promise<void> {
    await this.pool.query('select 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
