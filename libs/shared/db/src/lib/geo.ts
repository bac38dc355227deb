import { RawBuilder, sql } from 'kysely';

export interface LatLng {
  readonly lat: number;
  readonly lng: number;
}

/** Reads a geometry column as GeoJSON (node-postgres would return hex EWKB). */
export function asGeoJson(column: string): RawBuilder<GeoJsonGeometry | null> {
  return sql<GeoJsonGeometry | null>`ST_AsGeoJSON(${sql.ref(column)}, 6)::json`;
}

export interface GeoJsonGeometry {
  readonly type: string;
  readonly coordinates: unknown;
}

export function isValidLatLng(p: LatLng): boolean {
  return (
    Number.isFinite(p.lat) &&
    Number.isFinite(p.lng) &&
    Math.abs(p.lat) <= 90 &&
    Math.abs(p.lng) <= 180
  );
}
