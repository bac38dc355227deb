import { Kysely, sql } from 'kysely';
import { PlaceLevel, PlacesDatabase } from '@waypost/places/schema';
import { numberArray, textArray, textArrayElement, timestampArray } from './pg-array';

export interface PlaceWrite {
  readonly id: string;
  readonly source: string;
  readonly sourceId: string;
  readonly level: PlaceLevel;
  readonly name: string;
  /** Other names (languages, exonyms: Munich for München) where the source has them. */
  readonly alternateNames?: readonly string[];
  readonly parentId: string | null;
  readonly countryCode: string | null;
  readonly population: number | null;
  readonly lat: number;
  readonly lng: number;
  /** A GeoJSON Polygon or MultiPolygon, as the source gave it. */
  readonly boundary: unknown | null;
  readonly contentHash: string;
  readonly sourceUpdatedAt: Date;
}

export interface UpsertCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

type Executor = Kysely<PlacesDatabase>;

/** Vertices per boundary piece: small enough for fast point-in-polygon, few enough pieces. */
const BOUNDARY_PART_VERTICES = 64;

/** Deeper than world > continent > country > region > city > neighborhood, with room to spare. */
const MAX_DEPTH = 10;

/** Writes to the places table; only places-sync uses it, always inside the batch transaction. */
export class PlaceWriteRepository {
  /**
   * Upserts by (source, source id); rows whose content hash is unchanged are not rewritten. Each
   * row is written with its ancestor chain (from its parent in the batch or already stored), so a
   * first sync writes every place once instead of inserting it and then updating its chain. The
   * batch travels as one array per column (a fixed, small statement however many rows).
   */
  async upsert(
    trx: Executor,
    rows: readonly PlaceWrite[],
  ): Promise<UpsertCounts & { changedIds: string[] }> {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, changedIds: [] };
    await withoutJit(trx);
    const chains = await this.ancestorChains(trx, rows);
    const text = (value: (r: PlaceWrite) => string | null) => textArray(rows, value);
    const { rows: written } = await sql<{ id: string; inserted: boolean }>`
      insert into places.places as place (
        id, source, source_id, level, name, alternate_names, parent_id, ancestor_ids, country_code,
        population, centroid, boundary, content_hash, source_updated_at)
      select id, source, source_id, level, name, alternate_names::text[], parent_id,
             ancestor_ids::text[], country_code,
             population, ST_SetSRID(ST_MakePoint(lng, lat), 4326),
             case when boundary is not null then ST_Multi(ST_CollectionExtract(ST_MakeValid(
               ST_SetSRID(ST_GeomFromGeoJSON(boundary), 4326)), 3)) end,
             content_hash, source_updated_at
      from unnest(
        ${text((r) => r.id)}::text[], ${text((r) => r.source)}::text[],
        ${text((r) => r.sourceId)}::text[], ${text((r) => r.level)}::text[],
        ${text((r) => r.name)}::text[],
        ${text((r) => textArrayElement(r.alternateNames ?? []))}::text[],
        ${text((r) => r.parentId)}::text[],
        ${text((r) => textArrayElement(chains.get(r.id) ?? []))}::text[],
        ${text((r) => r.countryCode)}::text[], ${numberArray(rows, (r) => r.population)}::int8[],
        ${numberArray(rows, (r) => r.lng)}::float8[], ${numberArray(rows, (r) => r.lat)}::float8[],
        ${text((r) => (r.boundary ? JSON.stringify(r.boundary) : null))}::text[],
        ${text((r) => r.contentHash)}::text[],
        ${timestampArray(rows, (r) => r.sourceUpdatedAt)}::timestamptz[]
      ) as batch (id, source, source_id, level, name, alternate_names, parent_id, ancestor_ids,
                  country_code, population, lng, lat, boundary, content_hash, source_updated_at)
      on conflict (source, source_id) do update set
        level = excluded.level, name = excluded.name, alternate_names = excluded.alternate_names,
        parent_id = excluded.parent_id,
        ancestor_ids = excluded.ancestor_ids, country_code = excluded.country_code,
        population = excluded.population, centroid = excluded.centroid,
        boundary = excluded.boundary, content_hash = excluded.content_hash,
        source_updated_at = excluded.source_updated_at, synced_at = now()
      where place.content_hash <> excluded.content_hash
      returning id, xmax = 0 as inserted`.execute(trx);
    const changedIds = written.map((w) => w.id);
    await this.refreshBoundaryParts(trx, changedIds);
    const inserted = written.filter((w) => w.inserted).length;
    return {
      inserted,
      updated: written.length - inserted,
      unchanged: rows.length - written.length,
      changedIds,
    };
  }

  /**
   * The ancestor chain of each row: its parent's chain and id, the parent taken from the batch
   * (resolved first) or else from the table, as refreshAncestors would set it; a missing parent
   * gives an empty chain.
   */
  private async ancestorChains(
    trx: Executor,
    rows: readonly PlaceWrite[],
  ): Promise<Map<string, readonly string[]>> {
    const parentOf = new Map(rows.map((r) => [r.id, r.parentId]));
    const outside = [
      ...new Set(
        rows.flatMap((r) => (r.parentId && !parentOf.has(r.parentId) ? [r.parentId] : [])),
      ),
    ];
    const stored = new Map<string, readonly string[]>();
    if (outside.length > 0) {
      const { rows: found } = await sql<{ id: string; ancestorIds: string[] }>`
        select id, ancestor_ids from places.places where id = any(${outside}::text[])`.execute(trx);
      for (const f of found) stored.set(f.id, [...f.ancestorIds, f.id]);
    }
    const chains = new Map<string, readonly string[]>();
    const chainOf = (id: string, depth: number): readonly string[] => {
      const known = chains.get(id);
      if (known) return known;
      const parentId = parentOf.get(id);
      let chain: readonly string[] = [];
      if (parentId && depth < MAX_DEPTH) {
        if (parentOf.has(parentId)) chain = [...chainOf(parentId, depth + 1), parentId];
        else chain = stored.get(parentId) ?? [];
      }
      chains.set(id, chain);
      return chain;
    };
    for (const r of rows) chainOf(r.id, 0);
    return chains;
  }

  /** Re-cuts the boundaries of the given places into the small pieces point lookups use. */
  private async refreshBoundaryParts(trx: Executor, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await sql`delete from places.place_boundary_parts where place_id = any(${ids}::text[])`.execute(
      trx,
    );
    await sql`
      insert into places.place_boundary_parts (place_id, geom)
      select id, ST_Subdivide(boundary, ${BOUNDARY_PART_VERTICES}) from places.places
      where id = any(${ids}::text[]) and boundary is not null`.execute(trx);
  }

  /** Ids of the places whose parent is one of the given source records. */
  async childrenOfSourceIds(
    trx: Executor,
    source: string,
    sourceIds: readonly string[],
  ): Promise<string[]> {
    if (sourceIds.length === 0) return [];
    const rows = await trx
      .selectFrom('places.places as child')
      .innerJoin('places.places as parent', 'parent.id', 'child.parentId')
      .where('parent.source', '=', source)
      .where('parent.sourceId', 'in', [...sourceIds])
      .select('child.id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Removes places the source tombstoned; returns the ids removed. */
  async delete(trx: Executor, source: string, sourceIds: readonly string[]): Promise<string[]> {
    if (sourceIds.length === 0) return [];
    const rows = await trx
      .deleteFrom('places.places')
      .where('source', '=', source)
      .where('sourceId', 'in', [...sourceIds])
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Recomputes the ancestor chain of the given places, then of their descendants down to where
   * the chains already agree (one statement: a recursive walk down parent_id by its index), then
   * the place index of points of interest under the given places and every place whose chain
   * changed. A place whose parent is missing gets an empty chain until it arrives.
   */
  async refreshAncestors(trx: Executor, placeIds: readonly string[]): Promise<number> {
    if (placeIds.length === 0) return 0;
    await withoutJit(trx);
    const parentChain = sql`coalesce((select p.ancestor_ids || p.id from places.places p where p.id = c.parent_id), '{}')`;
    const own = await sql<{ id: string }>`
      update places.places c set ancestor_ids = ${parentChain}
      where c.id = any(${placeIds}::text[]) and c.ancestor_ids is distinct from ${parentChain}
      returning c.id`.execute(trx);
    // Lateral subqueries with offset 0 keep the lookups by primary key and parent_id: a join or
    // `= any()` here was planned as a sequential scan of places (per level, or per batch).
    const below = await sql<{ id: string }>`
      with recursive tree (id, ancestor_ids, depth) as (
        select p.id, p.ancestor_ids, 0
        from unnest(${placeIds}::text[]) as given (id)
        cross join lateral (select id, ancestor_ids from places.places where id = given.id offset 0) p
        union all
        select child.id, tree.ancestor_ids || tree.id, tree.depth + 1
        from tree cross join lateral (
          select c.id, c.ancestor_ids from places.places c where c.parent_id = tree.id offset 0
        ) child
        where tree.depth < ${MAX_DEPTH}
          and child.ancestor_ids is distinct from tree.ancestor_ids || tree.id
      ),
      deepest as (
        select distinct on (id) id, ancestor_ids from tree where depth > 0 order by id, depth desc
      )
      update places.places c set ancestor_ids = deepest.ancestor_ids
      from deepest where c.id = deepest.id and c.ancestor_ids is distinct from deepest.ancestor_ids
      returning c.id`.execute(trx);
    const changed = [...own.rows, ...below.rows].map((r) => r.id);
    const touched = [...new Set([...placeIds, ...changed])];
    await sql`
      update places.points_of_interest poi
      set place_ids = p.ancestor_ids || p.id
      from places.places p
      where poi.place_id = p.id and p.id = any(${touched}::text[])
        and poi.place_ids is distinct from (p.ancestor_ids || p.id)`.execute(trx);
    return changed.length;
  }
}

/**
 * The planner prices the batch statements here far above their cost and JIT-compiled some for
 * ~0.3 s a batch (EXPLAIN ANALYZE): not for this transaction.
 */
async function withoutJit(trx: Executor): Promise<void> {
  await sql`set local jit = off`.execute(trx);
}
