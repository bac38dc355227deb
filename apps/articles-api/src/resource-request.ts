import { ParsedQuery, SortField, encodeCursor } from '@waypost/shared/jsonapi';
import { Page, PageRequest } from '@waypost/shared/db';

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
export function totalMeta(count: number, cap: number): Record<string, unknown> {
  return { page: count > cap ? { totalAtLeast: cap + 1 } : { total: count } };
}

/** Whether a document of `type` shows `field` (every field unless `fields[type]` names others). */
export function wantsField(query: Pick<ParsedQuery, 'fields'>, type: string, field: string) {
  return query.fields[type]?.includes(field) ?? true;
}
