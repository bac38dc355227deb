import type { CmsBoundary } from '@waypost/dev-sources/cms';
import type { LatLng } from '@waypost/shared/db';

export interface Box {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const METERS_PER_DEGREE = (Math.PI * EARTH_RADIUS_M) / 180;
const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (radians: number) => (radians * 180) / Math.PI;

function polygons(boundary: CmsBoundary): number[][][][] {
  return boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
}

/** Signed planar area (in square degrees) and area centroid of a closed lng/lat ring. */
function ringAreaCentroid(ring: readonly number[][]): { area: number; lng: number; lat: number } {
  let area = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[i + 1];
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    x += (x0 + x1) * cross;
    y += (y0 + y1) * cross;
  }
  area /= 2;
  return area === 0
    ? { area: 0, lng: ring[0][0], lat: ring[0][1] }
    : { area, lng: x / (6 * area), lat: y / (6 * area) };
}

/**
 * The area centroid of the largest polygon's outer ring: for a country, its mainland, so that
 * overseas territories and far-flung islands do not pull the centre into the sea.
 */
export function boundaryCentroid(boundary: CmsBoundary): LatLng {
  let best = { area: -1, lng: 0, lat: 0 };
  for (const [outer] of polygons(boundary)) {
    const candidate = ringAreaCentroid(outer);
    if (Math.abs(candidate.area) > best.area)
      best = { ...candidate, area: Math.abs(candidate.area) };
  }
  return { lat: best.lat, lng: best.lng };
}

/** The weighted mean of points on the sphere (so that places across the antimeridian average right). */
export function weightedCentroid(
  points: readonly (LatLng & { readonly weight: number })[],
): LatLng {
  let x = 0;
  let y = 0;
  let z = 0;
  for (const p of points) {
    const cosLat = Math.cos(rad(p.lat));
    x += p.weight * cosLat * Math.cos(rad(p.lng));
    y += p.weight * cosLat * Math.sin(rad(p.lng));
    z += p.weight * Math.sin(rad(p.lat));
  }
  return { lat: deg(Math.atan2(z, Math.hypot(x, y))), lng: deg(Math.atan2(y, x)) };
}

/** A square polygon of `sideMeters` centred on `center` (fine at city scale). */
export function squareAround(center: LatLng, sideMeters: number): CmsBoundary {
  const dLat = sideMeters / 2 / METERS_PER_DEGREE;
  const dLng = dLat / Math.cos(rad(center.lat));
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  const [west, east] = [round(center.lng - dLng), round(center.lng + dLng)];
  const [south, north] = [round(center.lat - dLat), round(center.lat + dLat)];
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

export function boundaryBox(boundary: CmsBoundary): Box {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygons(boundary)) {
    for (const [lng, lat] of polygon[0]) {
      west = Math.min(west, lng);
      east = Math.max(east, lng);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    }
  }
  return { west, south, east, north };
}

export function boxContains(box: Box, p: LatLng): boolean {
  return p.lng >= box.west && p.lng <= box.east && p.lat >= box.south && p.lat <= box.north;
}

/** The point `distanceMeters` from `from` towards `bearing` (radians clockwise from north); city scale. */
export function offsetPoint(from: LatLng, distanceMeters: number, bearing: number): LatLng {
  const dLat = (distanceMeters * Math.cos(bearing)) / METERS_PER_DEGREE;
  const dLng = (distanceMeters * Math.sin(bearing)) / (METERS_PER_DEGREE * Math.cos(rad(from.lat)));
  const lng = from.lng + dLng;
  return { lat: from.lat + dLat, lng: lng > 180 ? lng - 360 : lng < -180 ? lng + 360 : lng };
}

/** Great-circle distance (haversine). */
export function distanceMeters(a: LatLng, b: LatLng): number {
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}
