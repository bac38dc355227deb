import { Kysely, sql } from 'kysely';
import { LatLng } from '@waypost/shared/db';
import { PlaceLevel, PlacesDatabase } from '@waypost/places/schema';

/**
 * How far offshore (metres) a point still belongs to the nearest boundary: the territorial sea,
 * 12 nautical miles. Coarse coastlines (Natural Earth 1:50m) leave harbours, beaches and piers
 * outside their country; a ship in the open ocean stays unassigned.
 */
export const DEFAULT_COASTAL_RADIUS_M = 22_224;
/** Metres per degree of latitude, rounded down so the planar box never clips the radius. */
const METRES_PER_DEGREE = 110_000;

export interface NearestBoundary {
  readonly placeId: string;
  readonly level: PlaceLevel;
  readonly ancestorIds: readonly string[] | null;
}

/**
 * The coastal fallback for points that no polygon contains and no city is near: the place whose
 * boundary is nearest within `radiusM` (spheroid distance; the deepest on a tie), or null. One
 * query for all points; a planar box around each point keeps it on the boundary parts' GiST index.
 */
export async function nearestBoundaries(
  db: Kysely<PlacesDatabase>,
  points: readonly LatLng[],
  radiusM: number,
): Promise<(NearestBoundary | null)[]> {
  if (points.length === 0) return [];
  const degrees = radiusM / METRES_PER_DEGREE;
  const { rows } = await sql<{
    ord: number;
    placeId: string | null;
    level: PlaceLevel | null;
    ancestorIds: string[] | null;
  }>`
    select t.ord::int as ord, near.id as place_id, near.level, near.ancestor_ids
    from unnest(${points.map((p) => p.lat)}::float8[], ${points.map((p) => p.lng)}::float8[])
         with ordinality as t(lat, lng, ord)
    cross join lateral (select ST_SetSRID(ST_MakePoint(lng, lat), 4326) as pt) q
    left join lateral (
      select p.id, p.level, p.ancestor_ids
      from (
        select b.place_id, ST_Distance(b.geom::geography, q.pt::geography) as distance
        from places.place_boundary_parts b
        where b.geom && ST_Expand(q.pt, ${degrees}::float8 / greatest(cos(radians(t.lat)), 0.01),
                                  ${degrees}::float8)
        offset 0 -- one distance per part (else computed again for the filter and the sort)
      ) c
      join places.places p on p.id = c.place_id
      where c.distance <= ${radiusM}
      order by c.distance, cardinality(p.ancestor_ids) desc, p.id
      limit 1
    ) near on true
    order by t.ord`.execute(db);
  return rows.map((r) =>
    r.placeId && r.level
      ? { placeId: r.placeId, level: r.level, ancestorIds: r.ancestorIds }
      : null,
  );
}
