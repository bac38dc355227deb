import { Kysely, sql } from 'kysely';
import { LatLng } from '@waypost/shared/db';
import { PlaceLevel, PlacesDatabase } from '@waypost/places/schema';
import { MentionSet, mentionKey, resolveMentionSet } from './mention.resolver';
import { CityGrid } from './city-grid';
import { DEFAULT_COASTAL_RADIUS_M, nearestBoundaries } from './coastal.fallback';

/** A point to place: the source's own place reference (a Waypost place id) if it has one. */
export interface PlaceAssignmentRequest extends LatLng {
  readonly hint?: string | null;
}

export type AssignmentMethod = 'hint' | 'polygon' | 'nearest-city' | 'coastal';

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
  /** How far (metres) offshore a point still goes to the nearest boundary (the coastal fallback). */
  readonly coastalRadiusM?: number;
}

export interface AssignOptions {
  /**
   * The cities' centroids in memory (`loadCityGrid`, once per sync run): the nearest-city
   * candidates come from it instead of PostgreSQL's KNN. Same assignments, less database CPU.
   */
  readonly cities?: CityGrid;
}

export const DEFAULT_NEAREST_CITY_RADIUS_M = 25_000;
/** Planar nearest neighbours to rank by true distance (degrees distort away from the equator). */
const NEAREST_CITY_CANDIDATES = 8;
/** Bounds of the spheroid distance by the great-circle one (they differ by at most ~0.34%). */
const SPHERE_LOWER = 0.99;
const SPHERE_UPPER = 1.01;
const LEVELS_ABOVE_CITY: readonly PlaceLevel[] = ['world', 'continent', 'country', 'region'];
/** Namesakes kept per name: the most populous (there are 12 Portlands and 23 Victorias). */
const MAX_NAMESAKES = 50;

/**
 * Place lookups for every dataset's sync (the one places lib other datasets may read).
 * Assignment is explicit: the source's reference, else the deepest polygon containing the point,
 * deepened to the nearest city within a radius when that polygon is above city level (coastal and
 * island cities fall outside coarse country shapes), else the nearest boundary within the
 * territorial sea (the coastal fallback).
 */
export class Gazetteer {
  private readonly radiusM: number;
  private readonly coastalRadiusM: number;

  constructor(
    private readonly db: Kysely<PlacesDatabase>,
    options: GazetteerOptions = {},
  ) {
    this.radiusM = options.nearestCityRadiusM ?? DEFAULT_NEAREST_CITY_RADIUS_M;
    this.coastalRadiusM = options.coastalRadiusM ?? DEFAULT_COASTAL_RADIUS_M;
  }

  /** Where a point is, as content there is indexed (`assign` without a hint), or null. */
  async assignPoint(point: LatLng): Promise<PlaceAssignment | null> {
    const [assignment] = await this.assign([{ lat: point.lat, lng: point.lng }]);
    return assignment ?? null;
  }

  /**
   * Assigns many points in at most three queries (four with `cities`); the result is in input
   * order, null where nothing fits.
   */
  async assign(
    requests: readonly PlaceAssignmentRequest[],
    options: AssignOptions = {},
  ): Promise<(PlaceAssignment | null)[]> {
    if (requests.length === 0) return [];
    const hinted = await this.hintedPlaces(requests);
    const assignments = requests.map((r) => {
      const place = r.hint ? hinted.get(r.hint) : undefined;
      return place ? toAssignment(place, 'hint') : null;
    });
    const unresolved = requests.flatMap((r, i) => (assignments[i] ? [] : [i]));
    const points = unresolved.map((i) => requests[i]!);
    const located = options.cities
      ? await this.locateWithGrid(points, options.cities)
      : await this.locate(points);
    unresolved.forEach((i, k) => (assignments[i] = located[k] ?? null));
    const offshore = unresolved.filter((i) => !assignments[i]);
    const coasts = await nearestBoundaries(
      this.db,
      offshore.map((i) => requests[i]!),
      this.coastalRadiusM,
    );
    offshore.forEach((i, k) => {
      const coast = coasts[k];
      if (coast) assignments[i] = toAssignment(coast, 'coastal');
    });
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

  /**
   * The cities' centroids, loaded once (~112k rows), for `assign`'s `cities` option: a snapshot,
   * so a sync loads it per run (cities added or moved later are not in it).
   */
  async loadCityGrid(): Promise<CityGrid> {
    const { rows } = await sql<{ id: string; x: number; y: number }>`
      select id, ST_X(centroid) as x, ST_Y(centroid) as y from places.places
      where level = 'city' and centroid is not null`.execute(this.db);
    const xs = new Float64Array(rows.length);
    const ys = new Float64Array(rows.length);
    rows.forEach((r, i) => {
      xs[i] = r.x;
      ys[i] = r.y;
    });
    return new CityGrid(
      rows.map((r) => r.id),
      xs,
      ys,
    );
  }

  /**
   * `locate` with the nearest-city candidates from the grid: the same point-in-polygon query, then
   * the same ranking (spheroid distance, then id, within the radius) of the same planar 8 nearest
   * cities, without the GiST KNN.
   */
  private async locateWithGrid(
    points: readonly LatLng[],
    cities: CityGrid,
  ): Promise<(PlaceAssignment | null)[]> {
    if (points.length === 0) return [];
    const lats = points.map((p) => p.lat);
    const lngs = points.map((p) => p.lng);
    const polygons = sql<{
      ord: number;
      placeId: string | null;
      level: PlaceLevel | null;
      ancestorIds: string[] | null;
    }>`
      select t.ord::int as ord, poly.id as place_id, poly.level, poly.ancestor_ids
      from unnest(${lats}::float8[], ${lngs}::float8[]) with ordinality as t(lat, lng, ord)
      cross join lateral (select ST_SetSRID(ST_MakePoint(lng, lat), 4326) as pt) q
      left join lateral (
        select p.id, p.level, p.ancestor_ids
        from places.place_boundary_parts b join places.places p on p.id = b.place_id
        where ST_Contains(b.geom, q.pt)
        order by cardinality(p.ancestor_ids) desc, p.id limit 1
      ) poly on true
      order by t.ord`;
    return this.db.transaction().execute(async (trx) => {
      await sql`set local jit = off`.execute(trx);
      const { rows } = await polygons.execute(trx);
      const assignments: (PlaceAssignment | null)[] = rows.map((r) =>
        r.placeId && r.level
          ? toAssignment(
              { placeId: r.placeId, level: r.level, ancestorIds: r.ancestorIds },
              'polygon',
            )
          : null,
      );
      const ords: number[] = [];
      const ids: string[] = [];
      const xs: number[] = [];
      const ys: number[] = [];
      const candidateLngs: number[] = [];
      const candidateLats: number[] = [];
      rows.forEach((r, k) => {
        if (r.level && !LEVELS_ABOVE_CITY.includes(r.level)) return;
        const point = points[k]!;
        const candidates = cities.nearest(point.lng, point.lat, NEAREST_CITY_CANDIDATES);
        // Only candidates that can be the nearest within the radius go on to the spheroid
        // distance (~5 µs each in PostGIS): bounds from the great-circle distance, which is
        // within 0.4% of the spheroid's (margin 1%).
        const sphere = candidates.map((c) =>
          greatCircleM(point.lat, point.lng, cities.ys[c]!, cities.xs[c]!),
        );
        const reach = Math.min(this.radiusM, Math.min(...sphere) * SPHERE_UPPER);
        candidates.forEach((c, n) => {
          if (sphere[n]! * SPHERE_LOWER > reach) return;
          ords.push(k);
          ids.push(cities.ids[c]!);
          xs.push(cities.xs[c]!);
          ys.push(cities.ys[c]!);
          candidateLngs.push(point.lng);
          candidateLats.push(point.lat);
        });
      });
      if (ords.length === 0) return assignments;
      const { rows: nearest } = await sql<{
        ord: number;
        placeId: string;
        level: PlaceLevel;
        ancestorIds: string[] | null;
      }>`
        select w.ord, p.id as place_id, p.level, p.ancestor_ids
        from (
          select distinct on (ord) ord, id
          from (
            select ord, id,
                   ST_Distance(ST_SetSRID(ST_MakePoint(x, y), 4326)::geography,
                               ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography) as distance
            from unnest(${numbers(ords)}::int[], ${texts(ids)}::text[], ${numbers(xs)}::float8[],
                        ${numbers(ys)}::float8[], ${numbers(candidateLngs)}::float8[],
                        ${numbers(candidateLats)}::float8[])
                 as c(ord, id, x, y, lng, lat)
            offset 0 -- one distance per candidate (else computed again for the sort)
          ) c
          where distance <= ${this.radiusM}
          order by ord, distance, id
        ) w
        join places.places p on p.id = w.id and p.level = 'city'`.execute(trx);
      for (const r of nearest) {
        assignments[r.ord] = toAssignment(
          { placeId: r.placeId, level: r.level, ancestorIds: r.ancestorIds },
          'nearest-city',
        );
      }
      return assignments;
    });
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

/** An array literal of numbers (pg escapes every element of a JS array again: slower). */
function numbers(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}

/** An array literal of strings, each quoted. */
function texts(values: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    out += `${i > 0 ? ',' : ''}"${values[i]!.replace(/["\\]/g, '\\$&')}"`;
  }
  return `${out}}`;
}

/** Great-circle distance in metres on the mean earth sphere (haversine). */
function greatCircleM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}
