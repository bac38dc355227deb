import { deleteBySourceIds } from '@waypost/shared/db';
import { Kysely, sql } from 'kysely';
import { PlacesDatabase } from '@waypost/places/schema';
import { UpsertCounts } from './place.write-repository';
import { numberArray, textArray, textArrayElement, timestampArray } from './pg-array';

export interface PointOfInterestWrite {
  readonly id: string;
  readonly source: string;
  readonly sourceId: string;
  readonly name: string;
  readonly category: string;
  readonly description: string | null;
  readonly address: string | null;
  readonly openingHours: Record<string, unknown> | null;
  readonly lat: number;
  readonly lng: number;
  readonly placeId: string | null;
  readonly placeIds: readonly string[];
  /** IANA time zone of the location. */
  readonly timeZone: string | null;
  /** The Google Places id the source gives (enrichment, issue 14). */
  readonly googlePlaceId: string | null;
  readonly contentHash: string;
  readonly sourceUpdatedAt: Date;
}

type Executor = Kysely<PlacesDatabase>;

/** A batch of points of interest encoded for `upsert`, with the rows it was made from. */
export interface EncodedPointsOfInterest {
  readonly rows: readonly PointOfInterestWrite[];
  readonly columns: readonly string[];
}

/** Writes points of interest; only places-sync uses it, always inside the batch transaction. */
export class PointOfInterestWriteRepository {
  /**
   * The batch as upsert sends it (one array literal per column): pure, so a sync can build it
   * ahead of the transaction that writes it.
   */
  encode(rows: readonly PointOfInterestWrite[]): EncodedPointsOfInterest {
    const text = (value: (r: PointOfInterestWrite) => string | null) => textArray(rows, value);
    return {
      rows,
      columns: [
        text((r) => r.id),
        text((r) => r.source),
        text((r) => r.sourceId),
        text((r) => r.name),
        text((r) => r.category),
        text((r) => r.description),
        text((r) => r.address),
        text((r) => (r.openingHours ? JSON.stringify(r.openingHours) : null)),
        numberArray(rows, (r) => r.lng),
        numberArray(rows, (r) => r.lat),
        text((r) => r.placeId),
        text((r) => textArrayElement(r.placeIds)),
        text((r) => r.contentHash),
        timestampArray(rows, (r) => r.sourceUpdatedAt),
        text((r) => r.timeZone),
        text((r) => r.googlePlaceId),
      ],
    };
  }

  /**
   * Upserts by (source, source id); rows whose content hash is unchanged are not rewritten. The
   * batch travels as one array literal per column (a fixed, small statement however many rows),
   * taken from `encoded` when it was made from these rows.
   */
  async upsert(
    trx: Executor,
    rows: readonly PointOfInterestWrite[],
    encoded?: EncodedPointsOfInterest,
  ): Promise<UpsertCounts> {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const [
      id,
      source,
      sourceId,
      name,
      category,
      description,
      address,
      openingHours,
      lng,
      lat,
      placeId,
      placeIds,
      contentHash,
      sourceUpdatedAt,
      timeZone,
      googlePlaceId,
    ] = (encoded?.rows === rows ? encoded : this.encode(rows)).columns;
    // Counted in SQL: one row back instead of one per row written.
    const { rows: counts } = await sql<{ inserted: number; written: number }>`
      with written as (
        insert into places.points_of_interest as poi (
          id, source, source_id, name, category, description, address, opening_hours, location,
          place_id, place_ids, content_hash, source_updated_at, time_zone, google_place_id)
        select id, source, source_id, name, category, description, address, opening_hours::jsonb,
               ST_SetSRID(ST_MakePoint(lng, lat), 4326), place_id, place_ids::text[], content_hash,
               source_updated_at, time_zone, google_place_id
        from unnest(
          ${id}::text[], ${source}::text[], ${sourceId}::text[], ${name}::text[],
          ${category}::text[], ${description}::text[], ${address}::text[], ${openingHours}::text[],
          ${lng}::float8[], ${lat}::float8[], ${placeId}::text[], ${placeIds}::text[],
          ${contentHash}::text[], ${sourceUpdatedAt}::timestamptz[], ${timeZone}::text[],
          ${googlePlaceId}::text[]
      ) as batch (id, source, source_id, name, category, description, address, opening_hours,
                    lng, lat, place_id, place_ids, content_hash, source_updated_at, time_zone,
                    google_place_id)
        on conflict (source, source_id) do update set
          name = excluded.name, category = excluded.category, description = excluded.description,
          address = excluded.address, opening_hours = excluded.opening_hours,
          location = excluded.location, place_id = excluded.place_id,
          place_ids = excluded.place_ids, content_hash = excluded.content_hash,
          source_updated_at = excluded.source_updated_at, time_zone = excluded.time_zone,
          google_place_id = excluded.google_place_id, synced_at = now()
        where poi.content_hash <> excluded.content_hash
        returning xmax = 0 as inserted)
      select (count(*) filter (where inserted))::int as inserted, count(*)::int as written
      from written`.execute(trx);
    const { inserted, written } = counts[0]!;
    return {
      inserted,
      updated: written - inserted,
      unchanged: rows.length - written,
    };
  }

  delete(trx: Executor, source: string, sourceIds: readonly string[]): Promise<number> {
    return deleteBySourceIds(trx, 'places.pointsOfInterest', source, sourceIds);
  }
}
