import { Page, PageRequest } from '@waypost/shared/db';
import { JsonApiError, ParsedQuery, SortField, encodeCursor } from '@waypost/shared/jsonapi';

/** Counting further than this costs more than a total is worth (a GIN roll-up rechecks every row). */
export const TOTAL_CAP = 1_000;

/** The read-repository page for a parsed query (the parsed sort ends with the id tie-breaker). */
export function pageRequest<F extends string>(query: ParsedQuery): PageRequest<F> {
  const sort = query.sort.filter((s) => s.field !== 'id') as {
    field: F;
    direction: SortField['direction'];
  }[];
  return {
    sort,
    size: query.page.size,
    after: query.page.after?.values,
    before: query.page.before?.values,
  };
}

/** `next`/`prev` cursors of a page; `sortValues` maps a row to what its SQL sort keys compare. */
export function pageCursors<R extends object>(
  page: Page<R>,
  sort: readonly SortField[],
  sortValues: (row: R) => object,
) {
  const first = page.rows[0];
  const last = page.rows[page.rows.length - 1];
  return {
    next: page.hasNext && last ? encodeCursor(sort, sortValues(last)) : null,
    prev: page.hasPrev && first ? encodeCursor(sort, sortValues(first)) : null,
  };
}

/** A collection's total where it is cheap: exact up to `cap`, else a lower bound. */
export function totalMeta(count: number, cap = TOTAL_CAP): Record<string, unknown> {
  return { page: count > cap ? { totalAtLeast: cap + 1 } : { total: count } };
}

/** Whether a document of `type` shows `field` (every field unless `fields[type]` names others). */
export function wantsField(
  query: Pick<ParsedQuery, 'fields'>,
  type: string,
  field: string,
): boolean {
  return query.fields[type]?.includes(field) ?? true;
}

export function notFound(what: string, id: string): JsonApiError {
  return JsonApiError.notFound(`there is no ${what} with id "${id}"`);
}
