import { JSONAPI_VERSION } from './media.types';
import { SingleResourceQuery } from './query.types';
import {
  RelationshipSpec,
  ResourceSpec,
  assertIncludesResolvable,
  specsByType,
} from './resource.definition';

/** `{type, id}` of a resource. */
export interface ResourceIdentifier {
  type: string;
  id: string;
}

/** A relationship: `links.related` unless its spec says none; `data` when the row carried the linkage. */
export interface RelationshipObject {
  links?: { related: string };
  data?: ResourceIdentifier | ResourceIdentifier[] | null;
}

export interface ResourceObject {
  type: string;
  id: string;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, RelationshipObject>;
  links: { self: string };
  meta?: Record<string, unknown>;
}

export interface JsonApiDocumentLinks {
  self: string;
  first?: string;
  next?: string | null;
  prev?: string | null;
}

/** A JSON:API 1.1 document with primary data. */
export interface JsonApiDocument {
  jsonapi: { version: string };
  links: JsonApiDocumentLinks;
  data: ResourceObject | ResourceObject[] | null;
  included?: ResourceObject[];
  meta?: Record<string, unknown>;
}

/**
 * A row to serialize, camelCase: `id`, the spec's attributes and meta fields, and for each
 * relationship whose linkage it knows, the related id(s): to-one `id | {id} | null`, to-many
 * an array of those. A relationship the row leaves out (or undefined) gets only `links.related`.
 */
export type ResourceRow = { readonly id: string | number };

export interface DocumentOptions {
  /** The request path and query as received (Fastify `request.url`), relative to `baseUrl`. */
  url: string;
  /** The parsed request: `fields` are applied, `include` makes the document compound. */
  query?: Partial<SingleResourceQuery>;
  /** Rows of the included resources by type; duplicates and primary resources are dropped. */
  included?: Readonly<Record<string, readonly ResourceRow[]>>;
  /** Top-level meta, passed through (e.g. `{page: {total}}`). */
  meta?: Record<string, unknown>;
}

/** The cursors for the `next` and `prev` links (null: no such page). */
export interface PageCursors {
  readonly next: string | null;
  readonly prev: string | null;
}

export interface CollectionOptions extends DocumentOptions {
  /** The page's cursors (`pageCursors` of shared/read-api): adds `first`, `next` and `prev` links. */
  page?: PageCursors;
}

export interface DocumentBuilderOptions {
  /** Public URL under which `/{type}/{id}` lives (e.g. `https://api.example.com/v1`), no trailing slash. */
  baseUrl: string;
  /** Specs of the types that can be included (the primary spec is always known). */
  related?: readonly ResourceSpec[];
}

/** Builds whole documents for one resource type; create it once per spec, at startup. */
export interface DocumentBuilder {
  /** A single-resource document (`data: null` for an empty to-one). */
  resource<R extends ResourceRow>(row: R | null, options: DocumentOptions): JsonApiDocument;
  /** A collection document; with `page`, its pagination links. */
  collection<R extends ResourceRow>(
    rows: readonly R[],
    options: CollectionOptions,
  ): JsonApiDocument;
}

type Row = Record<string, unknown> & ResourceRow;

/**
 * A document builder (one resource writer per type, built here, rows taken as camelCase) giving
 * what jsonapi-serializer gives plus its gaps: `jsonapi`, self links, relationships with only
 * links, `included` (even empty, deduplicated, never repeating primary data), sparse fieldsets,
 * resource meta and pagination links. Held to jsonapi-serializer's output by its spec.
 */
export function createDocumentBuilder(
  spec: ResourceSpec,
  options: DocumentBuilderOptions,
): DocumentBuilder {
  const specs = specsByType(spec, options.related);
  assertIncludesResolvable(spec, specs);
  const serializers = new Map(
    [...specs.values()].map((entry) => [entry.type, new ResourceWriter(entry, options.baseUrl)]),
  );
  const primary = serializers.get(spec.type) as ResourceWriter;

  function document(
    data: ResourceObject | ResourceObject[] | null,
    documentOptions: DocumentOptions,
  ): JsonApiDocument {
    const { url, query, included, meta } = documentOptions;
    const result: JsonApiDocument = {
      jsonapi: { version: JSONAPI_VERSION },
      links: { self: `${options.baseUrl}${url}` },
      data,
    };
    const compound =
      (query?.include?.length ?? 0) > 0 ||
      Object.values(included ?? {}).some((rows) => rows.length > 0);
    if (compound) {
      const primaries = data === null ? [] : Array.isArray(data) ? data : [data];
      result.included = includedResources(primaries, included ?? {}, query?.fields);
    }
    if (meta) result.meta = meta;
    return result;
  }

  function includedResources(
    primaries: readonly ResourceObject[],
    included: Readonly<Record<string, readonly ResourceRow[]>>,
    fields: SingleResourceQuery['fields'] | undefined,
  ): ResourceObject[] {
    const seen = new Set(primaries.map(({ type, id }) => identityKey(type, id)));
    const resources: ResourceObject[] = [];
    for (const [type, rows] of Object.entries(included)) {
      const serializer = serializers.get(type);
      if (!serializer) throw new Error(`No spec for included type '${type}': pass it in 'related'`);
      const fresh = rows.filter((row) => {
        const key = identityKey(type, String(row.id));
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      resources.push(...serializer.serialize(fresh, fields?.[type]));
    }
    return resources;
  }

  return {
    resource(row, documentOptions) {
      const data =
        row === null
          ? null
          : primary.serialize([row], documentOptions.query?.fields?.[spec.type])[0];
      return document(data, documentOptions);
    },
    collection(rows, collectionOptions) {
      const data = primary.serialize(rows, collectionOptions.query?.fields?.[spec.type]);
      const result = document(data, collectionOptions);
      const { page, url } = collectionOptions;
      if (page) {
        const link = (cursor: string | null, member: 'after' | 'before') =>
          cursor === null ? null : `${options.baseUrl}${withPageCursor(url, member, cursor)}`;
        result.links.first = `${options.baseUrl}${withPageCursor(url)}`;
        result.links.next = link(page.next, 'after');
        result.links.prev = link(page.prev, 'before');
      }
      return result;
    },
  };
}

/** `url` with `page[after]`/`page[before]` removed (either bracket encoding) and one cursor set. */
function withPageCursor(url: string, member?: 'after' | 'before', cursor?: string): string {
  const question = url.indexOf('?');
  const path = question < 0 ? url : url.slice(0, question);
  const pairs = (question < 0 ? '' : url.slice(question + 1))
    .split('&')
    .filter((pair) => pair !== '' && !isCursorParameter(pair));
  if (member && cursor) pairs.push(`page[${member}]=${cursor}`);
  return pairs.length > 0 ? `${path}?${pairs.join('&')}` : path;
}

function isCursorParameter(pair: string): boolean {
  const equals = pair.indexOf('=');
  const rawName = equals < 0 ? pair : pair.slice(0, equals);
  try {
    const name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    return name === 'page[after]' || name === 'page[before]';
  } catch {
    return false;
  }
}

function identityKey(type: string, id: string): string {
  return `${type}\u0000${id}`;
}

/** The `{type, id}` an item of a relationship stands for (`id` or `{id}`), or null for none. */
function linkage(type: string, item: unknown): ResourceIdentifier | null {
  if (item === null || item === undefined) return null;
  const id = typeof item === 'object' ? (item as { id?: unknown }).id : item;
  return id === null || id === undefined ? null : { type, id: String(id) };
}

/** What a type's resources are made of, resolved once from the spec. */
interface RelationshipPlan {
  readonly name: string;
  readonly type: string;
  readonly related: RelationshipSpec['related'];
}

/**
 * Builds one type's resource objects straight from its spec: the members jsonapi-serializer would
 * give (see docs/decisions/0003) plus what it cannot do itself, without its intermediate objects.
 */
class ResourceWriter {
  private readonly relationships: readonly RelationshipPlan[];
  private readonly meta: readonly string[];

  constructor(
    private readonly spec: ResourceSpec,
    private readonly baseUrl: string,
  ) {
    this.relationships = Object.entries(spec.relationships ?? {}).map(([name, relationship]) => ({
      name,
      type: relationship.type,
      related: relationship.related,
    }));
    this.meta = spec.meta ?? [];
  }

  serialize(rows: readonly ResourceRow[], fieldset?: readonly string[]): ResourceObject[] {
    const fields = fieldset && new Set(fieldset);
    const resources = new Array<ResourceObject>(rows.length);
    for (let i = 0; i < rows.length; i++) resources[i] = this.resource(rows[i] as Row, fields);
    return resources;
  }

  private resource(row: Row, fields?: ReadonlySet<string>): ResourceObject {
    if (row.id === null || row.id === undefined) {
      throw new Error(`A ${this.spec.type} row has no id`);
    }
    const id = String(row.id);
    const encodedId = encodeURIComponent(id);
    const result: ResourceObject = {
      type: this.spec.type,
      id,
      links: { self: `${this.baseUrl}/${this.spec.type}/${encodedId}` },
    };
    let attributes: Record<string, unknown> | undefined;
    for (const name of this.spec.attributes) {
      // A member the row carries (even undefined) is an attribute; values pass through as they are.
      if (name in row && (!fields || fields.has(name))) (attributes ??= {})[name] = row[name];
    }
    if (attributes) result.attributes = attributes;
    let relationships: Record<string, RelationshipObject> | undefined;
    for (const { name, type, related } of this.relationships) {
      if (fields && !fields.has(name)) continue;
      const relationship: RelationshipObject = {};
      const value = row[name];
      if (value !== undefined) {
        relationship.data = Array.isArray(value)
          ? (value.map((item) => linkage(type, item)) as ResourceIdentifier[])
          : linkage(type, value);
      }
      const path = related ? related(row) : `/${this.spec.type}/${encodedId}/${name}`;
      if (path !== null) relationship.links = { related: `${this.baseUrl}${path}` };
      if (relationship.links || 'data' in relationship) (relationships ??= {})[name] = relationship;
    }
    if (relationships) result.relationships = relationships;
    let meta: Record<string, unknown> | undefined;
    for (const field of this.meta) {
      if (row[field] !== undefined) (meta ??= {})[field] = row[field];
    }
    if (meta) result.meta = meta;
    return result;
  }
}
