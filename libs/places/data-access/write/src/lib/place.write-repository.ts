import { Kysely, sql } from 'kysely';
import { PlaceLevel, PlacesDatabase } from '@waypost/places/schema';

export interface PlaceWrite {
  readonly id: string;
  readonly source: string;
  readonly sourceId: string;
  readonly level: PlaceLevel;
  readonly name: string;
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
  /** Upserts by (source, source id); rows whose content hash is unchanged are not rewritten. */
  async upsert(
    trx: Executor,
    rows: readonly PlaceWrite[],
  ): Promise<UpsertCounts & { changedIds: string[] }> {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, changedIds: [] };
    const written = await trx
      .insertInto('places.places')
      .values(
        rows.map((r) => ({
          id: r.id,
          source: r.source,
          sourceId: r.sourceId,
          level: r.level,
          name: r.name,
          parentId: r.parentId,
          countryCode: r.countryCode,
          population: r.population,
          centroid: sql`ST_SetSRID(ST_MakePoint(${r.lng}, ${r.lat}), 4326)`,
          boundary: r.boundary
            ? sql`ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(r.boundary)}), 4326)), 3))`
            : null,
          contentHash: r.contentHash,
          sourceUpdatedAt: r.sourceUpdatedAt,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['source', 'sourceId'])
          .doUpdateSet((eb) => ({
            level: eb.ref('excluded.level'),
            name: eb.ref('excluded.name'),
            parentId: eb.ref('excluded.parentId'),
            countryCode: eb.ref('excluded.countryCode'),
            population: eb.ref('excluded.population'),
            centroid: eb.ref('excluded.centroid'),
            boundary: eb.ref('excluded.boundary'),
            contentHash: eb.ref('excluded.contentHash'),
            sourceUpdatedAt: eb.ref('excluded.sourceUpdatedAt'),
            syncedAt: sql`now()`,
          }))
          .where('places.places.contentHash', '<>', (eb) => eb.ref('excluded.contentHash')),
      )
      .returning(['id', sql<boolean>`xmax = 0`.as('inserted')])
      .execute();
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
   * Recomputes the ancestor chain of the given places, then level by level of their descendants
   * (each step one indexed update), then the place index of points of interest under any place
   * whose chain changed. A place whose parent is missing gets an empty chain until it arrives.
   */
  async refreshAncestors(trx: Executor, placeIds: readonly string[]): Promise<number> {
    if (placeIds.length === 0) return 0;
    const parentChain = sql`coalesce((select p.ancestor_ids || p.id from places.places p where p.id = c.parent_id), '{}')`;
    const own = await sql<{ id: string }>`
      update places.places c set ancestor_ids = ${parentChain}
      where c.id = any(${placeIds}::text[]) and c.ancestor_ids is distinct from ${parentChain}
      returning c.id`.execute(trx);
    const changed = own.rows.map((r) => r.id);
    let frontier: string[] = [...placeIds];
    for (let depth = 0; frontier.length > 0 && depth < MAX_DEPTH; depth++) {
      const { rows } = await sql<{ id: string }>`
        update places.places c set ancestor_ids = p.ancestor_ids || p.id
        from places.places p
        where c.parent_id = p.id and p.id = any(${frontier}::text[])
          and c.ancestor_ids is distinct from p.ancestor_ids || p.id
        returning c.id`.execute(trx);
      frontier = rows.map((r) => r.id);
      changed.push(...frontier);
    }
    if (changed.length > 0) {
      await sql`
        update places.points_of_interest poi
        set place_ids = p.ancestor_ids || p.id
        from places.places p
        where poi.place_id = p.id and p.id = any(${changed}::text[])
          and poi.place_ids is distinct from (p.ancestor_ids || p.id)`.execute(trx);
    }
    return changed.length;
  }
}
