import { Serializer, SerializerOptions } from 'jsonapi-serializer';
import { PageCursors } from './keyset.pagination';
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

export interface CollectionOptions extends DocumentOptions {
  /** Cursors from `slicePage`: adds `first`, `next` and `prev` links (null where no page). */
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
 * A document builder over jsonapi-serializer (one Serializer per type, built here, rows taken as
 * camelCase) that mends its gaps: `jsonapi`, self links, relationships with only links,
 * `included` (even empty, deduplicated, never repeating primary data), sparse fieldsets,
 * resource meta and pagination links.
 */
export function createDocumentBuilder(
  spec: ResourceSpec,
  options: DocumentBuilderOptions,
): DocumentBuilder {
  const specs = specsByType(spec, options.related);
  assertIncludesResolvable(spec, specs);
  const serializers = new Map(
    [...specs.values()].map((entry) => [entry.type, new TypeSerializer(entry, options.baseUrl)]),
  );
  const primary = serializers.get(spec.type) as TypeSerializer;

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

function linkageId(current: unknown, item: unknown): string | undefined {
  if (item === null || item === undefined) return undefined;
  if (typeof item === 'object') {
    const id = (item as { id?: unknown }).id;
    return id === null || id === undefined ? undefined : String(id);
  }
  return String(item);
}

/** One type's Serializer (built once) plus the mending the library cannot do itself. */
class TypeSerializer {
  private readonly serializer: InstanceType<typeof Serializer>;
  private readonly relationships: readonly [string, RelationshipSpec][];

  constructor(
    private readonly spec: ResourceSpec,
    private readonly baseUrl: string,
  ) {
    this.relationships = Object.entries(spec.relationships ?? {});
    const types = new Map<string, string>([[spec.type, spec.type]]);
    const options: SerializerOptions = {
      attributes: [...spec.attributes, ...this.relationships.map(([name]) => name)],
      keyForAttribute: (key: string) => key,
      pluralizeType: false,
      typeForAttribute: (attribute: string) => types.get(attribute),
      dataLinks: { self: (row: Row) => this.selfLink(row.id) },
    };
    for (const [name, relationship] of this.relationships) {
      types.set(name, relationship.type);
      options[name] = {
        ref: linkageId,
        included: false,
      };
    }
    this.serializer = new Serializer(spec.type, options);
  }

  serialize(rows: readonly ResourceRow[], fieldset?: readonly string[]): ResourceObject[] {
    if (rows.length === 0) return [];
    const { data } = this.serializer.serialize(rows) as { data: ResourceObject[] };
    const fields = fieldset && new Set(fieldset);
    return data.map((resource, i) => this.mend(resource, rows[i] as Row, fields));
  }

  private mend(resource: ResourceObject, row: Row, fields?: ReadonlySet<string>): ResourceObject {
    if (row.id === null || row.id === undefined) {
      throw new Error(`A ${this.spec.type} row has no id`);
    }
    const result: ResourceObject = { type: resource.type, id: resource.id, links: resource.links };
    const attributes = fields ? pickKeys(resource.attributes, fields) : resource.attributes;
    if (attributes && Object.keys(attributes).length > 0) result.attributes = attributes;
    const relationships: Record<string, RelationshipObject> = {};
    for (const [name, spec] of this.relationships) {
      if (fields && !fields.has(name)) continue;
      // jsonapi-serializer drops a relationship the row does not carry, and cannot compute links
      // per relationship: linkage comes from it, links from the spec.
      const relationship: RelationshipObject = {};
      const serialized = resource.relationships?.[name];
      if (row[name] !== undefined && serialized && 'data' in serialized)
        relationship.data = serialized.data;
      const related = spec.related
        ? spec.related(row)
        : `/${this.spec.type}/${encodeURIComponent(String(row.id))}/${name}`;
      if (related !== null) relationship.links = { related: `${this.baseUrl}${related}` };
      if (relationship.links || 'data' in relationship) relationships[name] = relationship;
    }
    if (Object.keys(relationships).length > 0) result.relationships = relationships;
    const meta = this.meta(row);
    if (meta) result.meta = meta;
    return result;
  }

  private meta(row: Row): Record<string, unknown> | undefined {
    let meta: Record<string, unknown> | undefined;
    for (const field of this.spec.meta ?? []) {
      if (row[field] !== undefined) (meta ??= {})[field] = row[field];
    }
    return meta;
  }

  private selfLink(id: string | number): string {
    return `${this.baseUrl}/${this.spec.type}/${encodeURIComponent(String(id))}`;
  }
}

function pickKeys(
  object: Record<string, unknown> | undefined,
  keys: ReadonlySet<string>,
): Record<string, unknown> | undefined {
  if (!object) return undefined;
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(object)) if (keys.has(key)) picked[key] = object[key];
  return picked;
}
