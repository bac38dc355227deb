import { ResourceSpec, SortValueType } from './resource.definition';
import { Cursor, CursorValue, SortField } from './query.types';

const NUMERIC = /^-?\d+(?:\.\d+)?$/;
const TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * The opaque cursor that falls on `row` under `sort` (a parsed sort, id last): base64url of
 * `[sortKey, ...values]`, so a cursor made for one sort is refused under another.
 * Sort values must be non-null: null breaks keyset comparisons.
 */
export function encodeCursor(sort: readonly SortField[], row: object): string {
  const values = sort.map(({ field }) =>
    cursorValue((row as Record<string, unknown>)[field], field),
  );
  return Buffer.from(JSON.stringify([sortKey(sort), ...values])).toString('base64url');
}

/** The cursor's values when it was made for this sort and its values have the declared types. */
export function decodeCursor(
  cursor: string,
  sort: readonly SortField[],
  spec: ResourceSpec,
): Cursor | undefined {
  const bytes = Buffer.from(cursor, 'base64url');
  // Buffer skips stray characters; only the exact encoding we issue is a cursor.
  if (bytes.toString('base64url') !== cursor) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(decoded) || decoded.length !== sort.length + 1) return undefined;
  const [key, ...values] = decoded as unknown[];
  if (key !== sortKey(sort)) return undefined;
  const typed = values.every((value, i) => hasType(value, valueType(spec, sort[i].field)));
  return typed ? { values: values as CursorValue[] } : undefined;
}

function sortKey(sort: readonly SortField[]): string {
  return sort.map(({ field, direction }) => (direction === 'desc' ? `-${field}` : field)).join(',');
}

function cursorValue(value: unknown, field: string): CursorValue {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
    return value;
  }
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  throw new Error(`A cursor needs a non-null string, number or date for sort field '${field}'`);
}

function valueType(spec: ResourceSpec, field: string): SortValueType {
  if (field === 'id') return spec.idType ?? 'string';
  return spec.sortable?.[field] ?? 'string';
}

function hasType(value: unknown, type: SortValueType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string' && !value.includes('\0');
    case 'number':
      return (
        (typeof value === 'number' && Number.isFinite(value)) ||
        (typeof value === 'string' && NUMERIC.test(value))
      );
    case 'date':
      return typeof value === 'string' && TIMESTAMP.test(value);
  }
}
