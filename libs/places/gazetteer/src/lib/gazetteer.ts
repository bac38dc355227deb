import { Kysely, sql } from 'kysely';
import { LatLng } from '@waypost/shared/db';
import { PlaceLevel, PlacesDatabase } from '@waypost/places/schema';
import { MentionSet, mentionKey, resolveMentionSet } from './mention.resolver';

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
/** Namesakes kept per name: the most populous (there are 12 Portlands and 23 Victorias). */
const MAX_NAMESAKES = 50;

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

  /**
   * Assigns many points in at most two queries; the result is in input order, null where nothing
   * fits.
   */
  async assign(requests: readonly PlaceAssignmentRequest[]): Promise<(PlaceAssignment | null)[]> {
    if (requests.length === 0) return [];
    const hinted = await this.hintedPlaces(requests);
    const assignments = requests.map((r) => {
      const place = r.hint ? hinted.get(r.hint) : undefined;
      return place ? toAssignment(place, 'hint') : null;
    });
    const unresolved = requests.flatMap((r, i) => (assignments[i] ? [] : [i]));
    const located = await this.locate(unresolved.map((i) => requests[i]!));
    unresolved.forEach((i, k) => (assignments[i] = located[k] ?? null));
    return assignments;
  }

  /** The places the requests name as hints, by id: one primary-key lookup per distinct hint. */
  private async hintedPlaces(
    requests: readonly PlaceAssignmentRequest[],
  ): Promise<Map<string, AssignedPlace>> {
    const hints = [...new Set(requests.flatMap((r) => (r.hint ? [r.hint] : [])))];
    if (hints.length === 0) return new Map();
    // Per hint a primary-key lookup (lateral, offset 0): `id = any(all hints)` was planned as a
    // sequential scan of places.
    const { rows } = await sql<AssignedPlace>`
      select p.id as place_id, p.level, p.ancestor_ids
      from unnest(${hints}::text[]) as hint (id)
      cross join lateral (
        select id, level, ancestor_ids from places.places where id = hint.id offset 0
      ) p`.execute(this.db);
    return new Map(rows.map((r) => [r.placeId, r]));
  }

  /**
   * Points without a usable hint: the deepest polygon containing the point, deepened to the
   * nearest city within the radius when that polygon is above city level (or there is none).
   */
  private async locate(points: readonly LatLng[]): Promise<(PlaceAssignment | null)[]> {
    if (points.length === 0) return [];
    const lats = points.map((p) => p.lat);
    const lngs = points.map((p) => p.lng);
    const query = sql<{
      ord: number;
      placeId: string | null;
      level: PlaceLevel | null;
      ancestorIds: string[] | null;
      method: AssignmentMethod | null;
    }>`
      with input as (
        select ord, pt, pt::geography as geog
        from unnest(${lats}::float8[], ${lngs}::float8[]) with ordinality as t(lat, lng, ord)
        cross join lateral (select ST_SetSRID(ST_MakePoint(lng, lat), 4326) as pt) p
      )
      select i.ord::int as ord,
             coalesce(c.id, poly.id) as place_id,
             coalesce(c.level, poly.level) as level,
             coalesce(c.ancestor_ids, poly.ancestor_ids) as ancestor_ids,
             case when c.id is not null then 'nearest-city'
                  when poly.id is not null then 'polygon' end as method
      from input i
      left join lateral (
        select p.id, p.level, p.ancestor_ids
        from places.place_boundary_parts b join places.places p on p.id = b.place_id
        where ST_Contains(b.geom, i.pt)
        order by cardinality(p.ancestor_ids) desc, p.id limit 1
      ) poly on true
      left join lateral (
        -- Planar KNN (fast, indexed) finds candidates; the spheroid distance (computed once per
        -- candidate, not in ST_DWithin and again in ST_Distance) picks among them.
        select near.id, near.level, near.ancestor_ids
        from (
          select knn.*, ST_Distance(knn.centroid::geography, i.geog) as distance
          from (
            select p.id, p.level, p.ancestor_ids, p.centroid from places.places p
            where (poly.id is null or poly.level = any(${LEVELS_ABOVE_CITY}::text[]))
              and p.level = 'city'
            order by p.centroid <-> i.pt limit ${NEAREST_CITY_CANDIDATES}
          ) knn
        ) near
        where near.distance <= ${this.radiusM}
        order by near.distance, near.id limit 1
      ) c on true
      order by i.ord`;
    // The planner prices the lateral lookups far above their cost, and JIT-compiled this query for
    // ~0.4 s per 2,000 points that then ran in ~0.1 s (EXPLAIN ANALYZE): no JIT for it.
    const { rows } = await this.db.transaction().execute(async (trx) => {
      await sql`set local jit = off`.execute(trx);
      return query.execute(trx);
    });
    return rows.map((r) =>
      r.placeId && r.level && r.method
        ? toAssignment({ placeId: r.placeId, level: r.level, ancestorIds: r.ancestorIds }, r.method)
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

  /**
   * Places named exactly (case-insensitive) by any of `names`, in one query: a map from each
   * name's `mentionKey` (trimmed, lower case) to its places, most populous first.
   */
  async findByNames(
    names: readonly string[],
    levels?: readonly PlaceLevel[],
  ): Promise<Map<string, PlaceSummary[]>> {
    const keys = [...new Set(names.map(mentionKey))].filter((k) => k !== '');
    const found = new Map<string, PlaceSummary[]>();
    if (keys.length === 0) return found;
    // Per name an index lookup (a planner estimate for `= any(all names)` chose a full scan).
    const { rows } = await sql<PlaceSummary & { key: string }>`
      select k.key, p.id, p.level, p.name, p.parent_id, p.ancestor_ids, p.population
      from unnest(${keys}::text[]) as k(key)
      cross join lateral (
        select id, level, name, parent_id, ancestor_ids, population from places.places
        where lower(name) = k.key ${levels?.length ? sql`and level = any(${levels}::text[])` : sql``}
        order by population desc nulls last, id limit ${MAX_NAMESAKES}
      ) p
      order by k.key, p.population desc nulls last, p.id`.execute(this.db);
    for (const { key, ...place } of rows) {
      const places = found.get(key);
      if (places) places.push(place);
      else found.set(key, [place]);
    }
    return found;
  }

  /**
   * Resolves sets of co-mentioned place names (one set per article, tour, ...) with one query for
   * all: per set, one place per name that matches any (see `resolveMentionSet` for the rules).
   */
  async resolveMentions(sets: readonly MentionSet[]): Promise<PlaceSummary[][]> {
    const candidates = await this.findByNames(sets.flatMap((s) => s.names));
    return sets.map((set) => resolveMentionSet(set, candidates));
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

  /**
   * A version of the places: it changes whenever a place is added, changed, moved or removed, so a
   * dataset can tell that mentions it resolved earlier may resolve differently now.
   */
  async version(): Promise<string> {
    const { rows } = await sql<{ version: string }>`
      select count(*) || '@' || coalesce(max(synced_at)::text, 'never') as version
      from places.places`.execute(this.db);
    return rows[0]!.version;
  }

  private summaries() {
    return this.db
      .selectFrom('places.places')
      .select(['id', 'level', 'name', 'parentId', 'ancestorIds', 'population']);
  }
}

/** A place as assignment needs it. */
interface AssignedPlace {
  readonly placeId: string;
  readonly level: PlaceLevel;
  readonly ancestorIds: readonly string[] | null;
}

function toAssignment(place: AssignedPlace, method: AssignmentMethod): PlaceAssignment {
  return {
    placeId: place.placeId,
    level: place.level,
    placeIds: [...(place.ancestorIds ?? []), place.placeId],
    method,
  };
}
