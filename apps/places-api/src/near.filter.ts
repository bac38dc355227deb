import { JsonApiError, JsonApiErrorList, LatLng, ParsedQuery } from '@waypost/shared/jsonapi';
import { Near } from '@waypost/places/data-access/read';
import { DEFAULT_RADIUS_M } from './places.resources';

/**
 * `filter[near]` + `filter[radius]`, and the sort rules that depend on them: `distance` is the
 * default sort near a point and is refused without one.
 */
export function nearFilter(
  query: ParsedQuery,
  filter: { near?: LatLng; radius?: number },
): Near | undefined {
  const errors: JsonApiError[] = [];
  if (filter.radius !== undefined && !filter.near) {
    errors.push(JsonApiError.badParameter('filter[radius]', 'filter[radius] needs filter[near]'));
  }
  if (!filter.near && query.sort.some((s) => s.field === 'distance')) {
    errors.push(JsonApiError.badParameter('sort', 'sorting by distance needs filter[near]'));
  }
  if (errors.length > 0) throw new JsonApiErrorList(errors);
  return filter.near ? { ...filter.near, radiusM: filter.radius ?? DEFAULT_RADIUS_M } : undefined;
}

/** With filter[near] and no explicit sort, nearest first (before parsing, so cursors bind to it). */
export function withDistanceDefault(rawQuery: string): string {
  const params = rawQuery.split('&');
  const near = params.some((p) => /^filter(\[|%5B)near(\]|%5D)=/i.test(p));
  const sorted = params.some((p) => p.startsWith('sort='));
  return near && !sorted ? [...params.filter(Boolean), 'sort=distance'].join('&') : rawQuery;
}

/** A collection's total where it is cheap: exact up to `cap`, else a lower bound. */
export function totalMeta(count: number, cap: number): Record<string, unknown> {
  return { page: count > cap ? { totalAtLeast: cap + 1 } : { total: count } };
}
