import { Kysely, sql } from 'kysely';
import { LatLng } from '@waypost/shared/db';
import { PlaceLevel, PlacesDatabase } from '@waypost/places/schema';

/** A point to place: the source's own place reference (a Waypost place id) if it has one. */
export interface PlaceAssignmentRequest extends LatLng {
  readonly hint?: string | null;
}

export type AssignmentMethod = 'hint' | 'polygon' | 'nearest-city';

export interface PlaceAssignment {
  readonly placeId: string;
  readonly level: PlaceLevel;
  /** The place and all its ancestors, world first. */
  readonly placeIds: readonly string[];
  readonly method: AssignmentMethod;
}

export interface PlaceSummary {
  readonly id: string;
  readonly level: PlaceLevel;
  readonly name: string;
  readonly parentId: string | null;
  readonly ancestorIds: readonly string[];
  readonly population: number | null;
}

export interface GazetteerOptions {
  /** How far (metres) a point may lie from a city's centroid to be assigned to it. */
  readonly nearestCityRadiusM?: number;
}

export const DEFAULT_NEAREST_CITY_RADIUS_M = 25_000;
/** Planar nearest neighbours to rank by true distance (degrees distort away from the equator). */
const NEAREST_CITY_CANDIDATES = 8;
const LEVELS_ABOVE_CITY: readonly PlaceLevel[] = ['world', 'continent', 'country', 'region'];

/**
 * Place lookups for every dataset's sync (the one places lib other datasets may read).
 * Assignment is explicit: the source's reference, else the deepest polygon containing the point,
 * deepened to the nearest city within a radius when that polygon is above city level (coastal and
 * island cities fall outside coarse country shapes).
 */
export class Gazetteer {
  private readonly radiusM: number;

  constructor(
    private readonly db: Kysely<PlacesDatabase>,
    options: GazetteerOptions = {},
  ) {
    this.radiusM = options.nearestCityRadiusM ?? DEFAULT_NEAREST_CITY_RADIUS_M;
  }

  /** Assigns many points in one query; the result is in input order, null where nothing fits. */
  async assign(requests: readonly PlaceAssignmentRequest[]): Promise<(PlaceAssignment | null)[]> {
    if (requests.length === 0) return [];
    const hints = requests.map((r) => r.hint ?? null);
    const lats = requests.map((r) => r.lat);
    const lngs = requests.map((r) => r.lng);
    // One pass: the hint by primary key; only where it misses, the lateral lookups run (their
    // outer-only conditions become one-time filters, so hinted rows skip the spatial work).
    const { rows } = await sql<{
      ord: number;
      placeId: string | null;
      level: PlaceLevel | null;
      ancestorIds: string[] | null;
      method: AssignmentMethod | null;
    }>`
      with input as (
        select ord, hint, ST_SetSRID(ST_MakePoint(lng, lat), 4326) as pt
        from unnest(${hints}::text[], ${lats}::float8[], ${lngs}::float8[]) with ordinality as t(hint, lat, lng, ord)
      )
      select i.ord::int as ord,
             coalesce(h.id, c.id, poly.id) as place_id,
             coalesce(h.level, c.level, poly.level) as level,
             coalesce(h.ancestor_ids, c.ancestor_ids, poly.ancestor_ids) as ancestor_ids,
             case when h.id is not null then 'hint' when c.id is not null then 'nearest-city'
                  when poly.id is not null then 'polygon' end as method
      from input i
      left join places.places h on h.id = i.hint
      left join lateral (
        select p.id, p.level, p.ancestor_ids
        from places.place_boundary_parts b join places.places p on p.id = b.place_id
        where h.id is null and ST_Contains(b.geom, i.pt)
        order by cardinality(p.ancestor_ids) desc, p.id limit 1
      ) poly on true
      left join lateral (
        -- Planar KNN (fast, indexed) finds candidates; the spheroid distance picks among them.
        select near.id, near.level, near.ancestor_ids
        from (
          select p.id, p.level, p.ancestor_ids, p.centroid from places.places p
          where h.id is null and (poly.id is null or poly.level = any(${LEVELS_ABOVE_CITY}::text[]))
            and p.level = 'city'
          order by p.centroid <-> i.pt limit ${NEAREST_CITY_CANDIDATES}
        ) near
        where ST_DWithin(near.centroid::geography, i.pt::geography, ${this.radiusM})
        order by ST_Distance(near.centroid::geography, i.pt::geography), near.id limit 1
      ) c on true
      order by i.ord`.execute(this.db);
    return rows.map((r) =>
      r.placeId && r.level && r.method
        ? {
            placeId: r.placeId,
            level: r.level,
            placeIds: [...(r.ancestorIds ?? []), r.placeId],
            method: r.method,
          }
        : null,
    );
  }

  /** Places whose name matches exactly (case-insensitive), most populous first. */
  async findByName(name: string, levels?: readonly PlaceLevel[]): Promise<PlaceSummary[]> {
    return this.summaries()
      .where(sql`lower(name)`, '=', name.toLowerCase())
      .$if(!!levels?.length, (q) => q.where('level', 'in', levels!))
      .orderBy(sql`population desc nulls last`)
      .orderBy('id')
      .limit(50)
      .execute();
  }

  async findById(id: string): Promise<PlaceSummary | undefined> {
    return this.summaries().where('id', '=', id).executeTakeFirst();
  }

  /** The place's ancestors, world first. */
  async ancestors(id: string): Promise<PlaceSummary[]> {
    const place = await this.findById(id);
    if (!place || place.ancestorIds.length === 0) return [];
    const rows = await this.summaries()
      .where('id', 'in', [...place.ancestorIds])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return place.ancestorIds.flatMap((a) => byId.get(a) ?? []);
  }

  /** Every place whose boundary contains the point, deepest first. */
  async containing(point: LatLng): Promise<PlaceSummary[]> {
    return this.summaries()
      .where(
        sql<boolean>`id in (select place_id from places.place_boundary_parts
          where ST_Contains(geom, ST_SetSRID(ST_MakePoint(${point.lng}, ${point.lat}), 4326)))`,
      )
      .orderBy(sql`cardinality(ancestor_ids) desc`)
      .execute();
  }

  private summaries() {
    return this.db
      .selectFrom('places.places')
      .select(['id', 'level', 'name', 'parentId', 'ancestorIds', 'population']);
  }
}
