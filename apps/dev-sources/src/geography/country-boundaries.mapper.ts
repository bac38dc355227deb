import { merge } from 'topojson-client';
import type { MultiPolygon, Polygon, Topology } from 'topojson-specification';
import type { CmsBoundary } from '@waypost/dev-sources/cms';

/** How Natural Earth features map to ISO 3166-1 alpha-2 codes. */
export interface CountryCodeTable {
  /** ISO 3166-1 numeric (the feature id, zero-padded) to alpha-2. */
  readonly numeric: Readonly<Record<string, string>>;
  /** Features without an ISO id, by their Natural Earth name, to the alpha-2 they belong to. */
  readonly unnumbered: Readonly<Record<string, string>>;
}

// 1e-5 degrees is about a metre, far finer than the 1:50m source.
const round = (v: number) => Math.round(v * 1e5) / 1e5;

function signedArea(ring: readonly number[][]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  }
  return sum / 2;
}

/** Rounds a polygon and winds it the RFC 7946 way (world-atlas winds the d3 way, clockwise outside). */
function rfc7946Polygon(rings: number[][][]): number[][][] {
  return rings.map((ring, index) => {
    const rounded = ring.map(([lng, lat]) => [round(lng), round(lat)]);
    const counterClockwise = signedArea(rounded) > 0;
    return counterClockwise === (index === 0) ? rounded : rounded.reverse();
  });
}

/** Longitudes made continuous along the ring; `turns` is how often it wound round the globe. */
function unwrap(ring: readonly number[][]): { points: number[][]; turns: number } {
  let offset = 0;
  const points = ring.map(([lng, lat], i) => {
    const step = i === 0 ? 0 : lng - ring[i - 1][0];
    if (step > 180) offset -= 360;
    else if (step < -180) offset += 360;
    return [lng + offset, lat];
  });
  return { points, turns: offset / 360 };
}

/** The part of a closed ring on one side of the meridian `x` (Sutherland–Hodgman, one edge). */
function clipRing(ring: readonly number[][], x: number, west: boolean): number[][] {
  const inside = (p: readonly number[]) => (west ? p[0] <= x : p[0] >= x);
  const out: number[][] = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const [a, b] = [ring[i], ring[i + 1]];
    if (inside(a)) out.push(a);
    if (inside(a) !== inside(b)) out.push([x, a[1] + ((x - a[0]) / (b[0] - a[0])) * (b[1] - a[1])]);
  }
  return out.length < 3 ? [] : [...out, out[0]];
}

/** The same closed ring, starting just east of where it crosses the antimeridian. */
function startAtAntimeridian(ring: readonly number[][]): number[][] {
  const open = ring.slice(0, -1);
  const jump = open.findIndex((p, i) => Math.abs(open[(i + 1) % open.length][0] - p[0]) > 180);
  const rotated = [...open.slice(jump + 1), ...open.slice(0, jump + 1)];
  return [...rotated, rotated[0]];
}

const shift = (ring: number[][], by: number) => ring.map(([lng, lat]) => [lng + by, lat]);

/**
 * world-atlas keeps d3's spherical rings, which may cross the antimeridian (Russia, Fiji) or wind
 * round a pole (Antarctica); PostGIS reads rings as planar, so cut or close them into planar polygons.
 */
export function planarPolygons(polygon: number[][][]): number[][][][] {
  // Flat rings (all along the pole) enclose nothing on a plane.
  const rings = polygon.filter((ring) => Math.abs(signedArea(ring)) > 1e-9);
  const unwrapped = rings.map(unwrap);
  const crosses = unwrapped.some(
    ({ points, turns }) => turns !== 0 || points.some(([lng]) => Math.abs(lng) > 180),
  );
  if (!crosses) return [polygon];
  const [outer, ...holes] = unwrapped;
  if (outer.turns !== 0) {
    const { points } = unwrap(startAtAntimeridian(rings[0]));
    const pole = points[0][1] < 0 ? -90 : 90;
    const [first, last] = [points[0], points[points.length - 1]];
    const closed = [...points, [last[0], pole], [first[0], pole], first];
    return [[closed, ...holes.map((h) => h.points)]];
  }
  if (holes.length > 0) throw new Error('cannot cut a polygon with holes at the antimeridian');
  const edge = outer.points.some(([lng]) => lng > 180) ? 180 : -180;
  const wrap = edge === 180 ? -360 : 360;
  return [
    clipRing(outer.points, edge, edge === 180),
    shift(clipRing(outer.points, edge, edge !== 180), wrap),
  ]
    .filter((ring) => ring.length > 0)
    .map((ring) => [ring]);
}

type CountryGeometry = (Polygon | MultiPolygon) & { properties?: { name?: string } };

/**
 * GeoJSON boundaries by alpha-2 code from a Natural Earth countries TopoJSON (world-atlas).
 * Several features of one code (Australia and Ashmore, Cyprus and N. Cyprus) are merged into
 * one shape along their shared borders; features with no code at all are left out.
 */
export function countryBoundaries(
  topology: Topology,
  codes: CountryCodeTable,
): Map<string, CmsBoundary> {
  const collection = topology.objects['countries'];
  if (collection?.type !== 'GeometryCollection') {
    throw new Error('the topology has no "countries" geometry collection');
  }
  const byCode = new Map<string, CountryGeometry[]>();
  for (const geometry of collection.geometries as CountryGeometry[]) {
    const code =
      geometry.id === undefined
        ? codes.unnumbered[geometry.properties?.name ?? '']
        : codes.numeric[String(geometry.id)];
    if (!code) continue;
    byCode.set(code, [...(byCode.get(code) ?? []), geometry]);
  }
  const boundaries = new Map<string, CmsBoundary>();
  for (const [code, geometries] of byCode) {
    const coordinates = merge(topology, geometries)
      .coordinates.flatMap(planarPolygons)
      .map(rfc7946Polygon);
    boundaries.set(
      code,
      coordinates.length === 1
        ? { type: 'Polygon', coordinates: coordinates[0] }
        : { type: 'MultiPolygon', coordinates },
    );
  }
  return boundaries;
}
