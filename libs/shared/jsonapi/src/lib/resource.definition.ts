import { FilterParser } from './filter.parsers';

export type RelationshipKind = 'to-one' | 'to-many';

/** A relationship of a resource: the type it points at and whether it holds one or many. */
export interface RelationshipSpec {
  readonly type: string;
  readonly kind: RelationshipKind;
  /**
   * The `links.related` path (after the base URL) for a row, or null for none; by default
   * `/{type}/{id}/{name}`. A relationship with neither a link nor linkage data is left out.
   */
  readonly related?: (
    row: Readonly<Record<string, unknown>> & { readonly id: string | number },
  ) => string | null;
}

/**
 * What a sort value is, so that a cursor's values can be checked before they reach SQL:
 * `number` accepts numbers and numeric strings (pg returns bigint/numeric as strings),
 * `date` accepts ISO strings or Dates.
 */
export type SortValueType = 'string' | 'number' | 'date';

/** Page sizes of a collection. */
export interface PageSpec {
  readonly defaultSize: number;
  readonly maxSize: number;
}

/** A declarative description of one resource type; build it with `defineResource`. */
export interface ResourceSpec {
  /** The JSON:API type: plural camelCase (`places`, `pointsOfInterest`). */
  readonly type: string;
  /** Attribute names, as the rows carry them (camelCase); never `id` or `type`. */
  readonly attributes: readonly string[];
  /** Relationship name -> target type and kind. */
  readonly relationships?: Readonly<Record<string, RelationshipSpec>>;
  /** Row fields that go into the resource's `meta` instead of its attributes (e.g. `distance`). */
  readonly meta?: readonly string[];
  /** Sortable fields and their value types; `id` is always the last tie-breaker. */
  readonly sortable?: Readonly<Record<string, SortValueType>>;
  /** The sort without a `sort` parameter, in `sort` syntax (e.g. `['name']`, `['-publishedAt']`). */
  readonly defaultSort?: readonly string[];
  /** How rows carry their id (cursors check it); default `string`. */
  readonly idType?: 'string' | 'number';
  /** Include paths a client may ask for (e.g. `['parent', 'ancestors', 'children']`). */
  readonly includes?: readonly string[];
  /** `filter[name]` -> parser; see `filterValue` for reusable parsers. */
  readonly filters?: Readonly<Record<string, FilterParser<unknown>>>;
  /** Default 20 / max 100. */
  readonly page?: Partial<PageSpec>;
}

/** The page sizes that apply to a spec. */
export const DEFAULT_PAGE: PageSpec = { defaultSize: 20, maxSize: 100 };

const MEMBER_NAME = /^[a-zA-Z0-9](?:[-\w]*[a-zA-Z0-9])?$/;

/**
 * Checks a spec once at startup (names, sort, includes, page sizes) and returns it unchanged,
 * keeping its literal types so that parsed filters are typed.
 */
export function defineResource<const S extends ResourceSpec>(spec: S): S {
  const problems = specProblems(spec);
  if (problems.length > 0) {
    throw new Error(`Invalid resource spec '${spec.type}': ${problems.join('; ')}`);
  }
  return spec;
}

/** The page sizes of a spec, defaults applied. */
export function pageSpecOf(spec: ResourceSpec): PageSpec {
  return { ...DEFAULT_PAGE, ...spec.page };
}

/** Checks that every include path of `spec` walks relationships whose types have a spec here. */
export function assertIncludesResolvable(
  spec: ResourceSpec,
  specs: ReadonlyMap<string, ResourceSpec>,
): void {
  for (const path of spec.includes ?? []) {
    let current: ResourceSpec | undefined = spec;
    for (const name of path.split('.')) {
      const relationship: RelationshipSpec | undefined = current?.relationships?.[name];
      if (!relationship) {
        throw new Error(`Include path '${path}' of '${spec.type}' is not a relationship path`);
      }
      current = specs.get(relationship.type);
      if (!current) {
        throw new Error(
          `Include path '${path}' of '${spec.type}' reaches '${relationship.type}': pass its spec in 'related'`,
        );
      }
    }
  }
}

/** The specs by type: the primary one and its related ones. */
export function specsByType(
  spec: ResourceSpec,
  related: readonly ResourceSpec[] = [],
): Map<string, ResourceSpec> {
  return new Map([spec, ...related].map((entry) => [entry.type, entry]));
}

function specProblems(spec: ResourceSpec): string[] {
  const problems: string[] = [];
  const relationships = Object.keys(spec.relationships ?? {});
  const fields = [...spec.attributes, ...relationships];
  if (!MEMBER_NAME.test(spec.type)) problems.push(`type '${spec.type}' is not a valid member name`);
  for (const name of fields) {
    if (name === 'id' || name === 'type') problems.push(`a field may not be named '${name}'`);
    if (!MEMBER_NAME.test(name)) problems.push(`field '${name}' is not a valid member name`);
  }
  const duplicates = fields.filter((name, i) => fields.indexOf(name) !== i);
  if (duplicates.length > 0) problems.push(`fields named twice: ${duplicates.join(', ')}`);
  if (spec.relationships?.[spec.type] && spec.relationships[spec.type].type !== spec.type) {
    problems.push(`relationship '${spec.type}' would shadow the resource's own type`);
  }
  for (const term of spec.defaultSort ?? []) {
    const field = term.startsWith('-') ? term.slice(1) : term;
    if (field !== 'id' && !spec.sortable?.[field]) {
      problems.push(`default sort field '${field}' is not sortable`);
    }
  }
  for (const path of spec.includes ?? []) {
    const [first] = path.split('.');
    if (!spec.relationships?.[first]) problems.push(`include path '${path}' is not a relationship`);
  }
  const { defaultSize, maxSize } = pageSpecOf(spec);
  if (!Number.isInteger(maxSize) || maxSize < 1) problems.push('page.maxSize must be >= 1');
  if (!Number.isInteger(defaultSize) || defaultSize < 1 || defaultSize > maxSize) {
    problems.push('page.defaultSize must be between 1 and page.maxSize');
  }
  return problems;
}
