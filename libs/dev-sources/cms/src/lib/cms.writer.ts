import { Kysely, Selectable, sql } from 'kysely';
import { createDatabase } from '@waypost/shared/db';
import {
  CMS_PLACE_KINDS,
  CmsBoundary,
  CmsDatabase,
  CmsOpeningHours,
  CmsPlaceKind,
  CmsPlacesTable,
  CmsPointsOfInterestTable,
} from './cms.tables';

/** A place to insert; its parent is named by code and must already exist or come earlier in the list. */
export interface CmsPlaceInput {
  readonly code: string;
  readonly name: string;
  readonly kind: CmsPlaceKind;
  readonly parentCode: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly boundary: CmsBoundary | null;
  readonly population: number | null;
  readonly countryCode: string | null;
}

/** A point of interest to insert; `placeId` is a CMS `places.id`. Nulls mimic bad CMS records. */
export interface CmsPointOfInterestInput {
  readonly placeId: number | null;
  readonly name: string | null;
  readonly category: string | null;
  readonly description: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly address: string | null;
  readonly openingHours: CmsOpeningHours | null;
  /** Its Google Places id; missing or null for most. */
  readonly googlePlaceId?: string | null;
}

export type CmsPlacePatch = Partial<
  Omit<CmsPlaceInput, 'code' | 'parentCode'> & { parentId: number | null }
>;
export type CmsPointOfInterestPatch = Partial<CmsPointOfInterestInput>;

export type CmsPlaceRow = Selectable<CmsPlacesTable>;
export type CmsPointOfInterestRow = Selectable<CmsPointsOfInterestTable>;

/** Row counts and high-water marks of a CMS database. */
export interface CmsStats {
  /** Live (not soft-deleted) places per kind. */
  readonly places: Readonly<Record<CmsPlaceKind, number>>;
  /** Live points of interest. */
  readonly pointsOfInterest: number;
  readonly deleted: { readonly places: number; readonly pointsOfInterest: number };
  readonly maxIds: { readonly places: number; readonly pointsOfInterest: number };
  readonly lastUpdatedAt: Date | null;
}

// Rows per INSERT ... SELECT FROM unnest(...): big enough to amortise round trips, small enough for memory.
const CHUNK_SIZE = 5000;

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < rows.length; i += size) result.push(rows.slice(i, i + size));
  return result;
}

const json = (value: unknown): string | null => (value == null ? null : JSON.stringify(value));

/**
 * Writes the in-house CMS tables the way the CMS application would: bulk inserts for seeding,
 * single-record updates that bump `updated_at`, and soft deletes (`deleted_at`).
 */
export class CmsWriter {
  private readonly db: Kysely<CmsDatabase>;

  constructor(url: string) {
    this.db = createDatabase<CmsDatabase>({
      url,
      maxConnections: 2,
      applicationName: 'waypost-dev-sources',
    });
  }

  /**
   * Inserts places in one transaction, parents before children (by kind), and returns the new
   * ids by code. Throws, inserting nothing, when a parent code is unknown or a code is taken.
   */
  async insertPlaces(places: readonly CmsPlaceInput[]): Promise<Map<string, number>> {
    // One statement cannot see the rows it inserts, so each level goes in after its parents'.
    const levels = CMS_PLACE_KINDS.map((kind) => places.filter((p) => p.kind === kind));
    const ids = new Map<string, number>();
    await this.db.transaction().execute(async (trx) => {
      for (const chunk of levels.flatMap((level) => chunks(level, CHUNK_SIZE))) {
        const { rows } = await sql<{ id: number; code: string }>`
          insert into places
            (code, name, kind, parent_id, latitude, longitude, boundary, population, country_code)
          select u.code, u.name, u.kind, parent.id, u.latitude, u.longitude, u.boundary::jsonb,
                 u.population, u.country_code
          from unnest(
            ${chunk.map((p) => p.code)}::text[], ${chunk.map((p) => p.name)}::text[],
            ${chunk.map((p) => p.kind)}::text[], ${chunk.map((p) => p.parentCode)}::text[],
            ${chunk.map((p) => p.latitude)}::float8[], ${chunk.map((p) => p.longitude)}::float8[],
            ${chunk.map((p) => json(p.boundary))}::text[], ${chunk.map((p) => p.population)}::int8[],
            ${chunk.map((p) => p.countryCode)}::text[]
          ) with ordinality
            as u(code, name, kind, parent_code, latitude, longitude, boundary, population,
                 country_code, ord)
          left join places parent on parent.code = u.parent_code
          where u.parent_code is null or parent.id is not null
          order by u.ord
          returning id, code`.execute(trx);
        if (rows.length !== chunk.length) {
          const inserted = new Set(rows.map((r) => r.code));
          const orphans = chunk.filter((p) => !inserted.has(p.code)).map((p) => p.code);
          throw new Error(`unknown parent code for places ${orphans.slice(0, 5).join(', ')}`);
        }
        for (const row of rows) ids.set(row.code, row.id);
      }
    });
    return ids;
  }

  /** Inserts points of interest in chunks; ids ascend in input order, so equal input gives equal ids. */
  async insertPointsOfInterest(pois: readonly CmsPointOfInterestInput[]): Promise<number[]> {
    const ids: number[] = [];
    for (const chunk of chunks(pois, CHUNK_SIZE)) {
      ids.push(...(await this.insertPointOfInterestChunk(chunk)));
    }
    return ids;
  }

  private async insertPointOfInterestChunk(
    chunk: readonly CmsPointOfInterestInput[],
  ): Promise<number[]> {
    const { rows } = await sql<{ id: number }>`
      insert into points_of_interest
        (place_id, name, category, description, latitude, longitude, address, opening_hours,
         google_place_id)
      select u.place_id, u.name, u.category, u.description, u.latitude, u.longitude, u.address,
             u.opening_hours::jsonb, u.google_place_id
      from unnest(
        ${chunk.map((p) => p.placeId)}::int8[], ${chunk.map((p) => p.name)}::text[],
        ${chunk.map((p) => p.category)}::text[], ${chunk.map((p) => p.description)}::text[],
        ${chunk.map((p) => p.latitude)}::float8[], ${chunk.map((p) => p.longitude)}::float8[],
        ${chunk.map((p) => p.address)}::text[], ${chunk.map((p) => json(p.openingHours))}::text[],
        ${chunk.map((p) => p.googlePlaceId ?? null)}::text[]
      ) with ordinality
        as u(place_id, name, category, description, latitude, longitude, address, opening_hours,
             google_place_id, ord)
      order by u.ord
      returning id`.execute(this.db);
    return rows.map((r) => r.id);
  }

  /** Changes a live place and bumps its `updated_at`; false when there is no such live place. */
  async updatePlace(id: number, patch: CmsPlacePatch): Promise<boolean> {
    const { boundary, ...columns } = patch;
    const result = await this.db
      .updateTable('places')
      .set({
        ...columns,
        ...(boundary !== undefined && { boundary: json(boundary) }),
        updatedAt: sql`now()`,
      })
      .where('id', '=', id)
      .where('deletedAt', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Changes a live point of interest and bumps its `updated_at`; false when there is none. */
  async updatePointOfInterest(id: number, patch: CmsPointOfInterestPatch): Promise<boolean> {
    const { openingHours, ...columns } = patch;
    const result = await this.db
      .updateTable('pointsOfInterest')
      .set({
        ...columns,
        ...(openingHours !== undefined && { openingHours: json(openingHours) }),
        updatedAt: sql`now()`,
      })
      .where('id', '=', id)
      .where('deletedAt', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Sets `deleted_at` (and bumps `updated_at`) on a live place; false when there is none. */
  async softDeletePlace(id: number): Promise<boolean> {
    return this.softDelete('places', id);
  }

  /** Sets `deleted_at` (and bumps `updated_at`) on a live point of interest; false when there is none. */
  async softDeletePointOfInterest(id: number): Promise<boolean> {
    return this.softDelete('pointsOfInterest', id);
  }

  private async softDelete(table: keyof CmsDatabase, id: number): Promise<boolean> {
    const result = await this.db
      .updateTable(table)
      .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
      .where('id', '=', id)
      .where('deletedAt', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Live places of one kind, ordered by id. */
  async livePlaces(kind: CmsPlaceKind): Promise<CmsPlaceRow[]> {
    return this.db
      .selectFrom('places')
      .selectAll()
      .where('kind', '=', kind)
      .where('deletedAt', 'is', null)
      .orderBy('id')
      .execute();
  }

  /** The live places among `ids`, ordered by id. */
  async findPlaces(ids: readonly number[]): Promise<CmsPlaceRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('places')
      .selectAll()
      .where('id', 'in', ids)
      .where('deletedAt', 'is', null)
      .orderBy('id')
      .execute();
  }

  /** The live points of interest among `ids`, ordered by id. */
  async findPointsOfInterest(ids: readonly number[]): Promise<CmsPointOfInterestRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('pointsOfInterest')
      .selectAll()
      .where('id', 'in', ids)
      .where('deletedAt', 'is', null)
      .orderBy('id')
      .execute();
  }

  /**
   * Gives points of interest their Google Places id, `idFor(id)` or none, when no point of
   * interest has one yet (a CMS seeded before the column existed); `updated_at` is left alone,
   * as a data migration would. Returns how many got one.
   */
  async backfillGooglePlaceIds(idFor: (poiId: number) => string | null): Promise<number> {
    const any = await this.db
      .selectFrom('pointsOfInterest')
      .select('id')
      .where('googlePlaceId', 'is not', null)
      .limit(1)
      .execute();
    if (any.length > 0) return 0;
    let after = 0;
    let filled = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('pointsOfInterest')
        .select('id')
        .where('id', '>', after)
        .orderBy('id')
        .limit(CHUNK_SIZE)
        .execute();
      if (rows.length === 0) return filled;
      after = rows[rows.length - 1]!.id;
      const pairs = rows.flatMap((r) => {
        const googlePlaceId = idFor(r.id);
        return googlePlaceId ? [{ id: r.id, googlePlaceId }] : [];
      });
      if (pairs.length === 0) continue;
      await sql`
        update points_of_interest poi set google_place_id = u.google_place_id
        from unnest(${pairs.map((p) => p.id)}::int8[], ${pairs.map((p) => p.googlePlaceId)}::text[])
          as u(id, google_place_id)
        where poi.id = u.id`.execute(this.db);
      filled += pairs.length;
    }
  }

  /**
   * The point of interest with this Google Places id, soft-deleted or not (Google still knows a
   * place the CMS dropped), with the names of its place and country when it has them.
   */
  async findByGooglePlaceId(
    googlePlaceId: string,
  ): Promise<
    (CmsPointOfInterestRow & { placeName: string | null; countryName: string | null }) | undefined
  > {
    const { rows } = await sql<
      CmsPointOfInterestRow & { placeName: string | null; countryName: string | null }
    >`
      select poi.*, pl.name as place_name, country.name as country_name
      from points_of_interest poi
      left join places pl on pl.id = poi.place_id
      left join places country
        on country.kind = 'country' and country.country_code = pl.country_code
       and country.deleted_at is null
      where poi.google_place_id = ${googlePlaceId}
      limit 1`.execute(this.db);
    return rows[0];
  }

  async stats(): Promise<CmsStats> {
    const kinds = await this.db
      .selectFrom('places')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('count')])
      .where('deletedAt', 'is', null)
      .groupBy('kind')
      .execute();
    const summary = await sql<{
      livePois: number;
      deletedPlaces: number;
      deletedPois: number;
      maxPlaceId: number | null;
      maxPoiId: number | null;
      lastUpdatedAt: Date | null;
    }>`
      select
        (select count(*) from points_of_interest where deleted_at is null) as live_pois,
        (select count(*) from places where deleted_at is not null) as deleted_places,
        (select count(*) from points_of_interest where deleted_at is not null) as deleted_pois,
        (select max(id) from places) as max_place_id,
        (select max(id) from points_of_interest) as max_poi_id,
        greatest((select max(updated_at) from places),
                 (select max(updated_at) from points_of_interest)) as last_updated_at`.execute(
      this.db,
    );
    const row = summary.rows[0];
    const places = Object.fromEntries(CMS_PLACE_KINDS.map((kind) => [kind, 0])) as Record<
      CmsPlaceKind,
      number
    >;
    for (const { kind, count } of kinds) places[kind] = Number(count);
    return {
      places,
      pointsOfInterest: row.livePois,
      deleted: { places: row.deletedPlaces, pointsOfInterest: row.deletedPois },
      maxIds: { places: row.maxPlaceId ?? 0, pointsOfInterest: row.maxPoiId ?? 0 },
      lastUpdatedAt: row.lastUpdatedAt,
    };
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
