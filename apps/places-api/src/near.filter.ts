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

/**
 * With no explicit sort: nearest first with filter[near], else most relevant first with filter[q]
 * (before parsing, so cursors bind to it).
 */
export function withDistanceDefault(rawQuery: string): string {
  const params = rawQuery.split('&');
  const given = (name: string) =>
    params.some((p) => new RegExp(`^filter(\\[|%5B)${name}(\\]|%5D)=`, 'i').test(p));
  if (params.some((p) => p.startsWith('sort='))) return rawQuery;
  const sort = given('near') ? 'distance' : given('q') ? 'relevance' : undefined;
  return sort ? [...params.filter(Boolean), `sort=${sort}`].join('&') : rawQuery;
}

/** `sort=relevance` ranks search matches: it needs filter[q]. */
export function checkRelevanceSort(query: ParsedQuery, q: string | undefined): void {
  if (q === undefined && query.sort.some((s) => s.field === 'relevance')) {
    throw new JsonApiErrorList([
      JsonApiError.badParameter('sort', 'sorting by relevance needs filter[q]'),
    ]);
  }
}
