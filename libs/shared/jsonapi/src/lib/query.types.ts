import { ResourceSpec } from './resource.definition';

export type SortDirection = 'asc' | 'desc';

/** One key of the sort; a parsed sort always ends with `id` (the tie-breaker). */
export interface SortField {
  readonly field: string;
  readonly direction: SortDirection;
}

/** A sort value from a cursor: as the row carried it (numbers may be numeric strings, dates ISO strings). */
export type CursorValue = string | number;

/** A decoded cursor: one value per sort field, aligned with the parsed sort (the id last). */
export interface Cursor {
  readonly values: readonly CursorValue[];
}

/** Parsed `filter[...]` values, typed by the spec's parsers. */
export type FilterValues<S extends ResourceSpec> = {
  -readonly [K in keyof NonNullable<S['filters']>]?: NonNullable<S['filters']>[K] extends (
    raw: string,
  ) => infer T
    ? T
    : never;
};

/** `fields[type]` and `include`, the parameters every endpoint accepts. */
export interface SingleResourceQuery {
  /** Requested fieldsets by type (only the types the client named); `[]` means no fields. */
  readonly fields: Readonly<Record<string, readonly string[]>>;
  /** Requested include paths, deduplicated, in request order. */
  readonly include: readonly string[];
}

/** A validated collection query. */
export interface ParsedQuery<S extends ResourceSpec = ResourceSpec> extends SingleResourceQuery {
  readonly filter: FilterValues<S>;
  /** The requested sort (or the spec's default), with `id` appended as the last tie-breaker. */
  readonly sort: readonly SortField[];
  readonly page: {
    readonly size: number;
    readonly after?: Cursor;
    readonly before?: Cursor;
  };
}
