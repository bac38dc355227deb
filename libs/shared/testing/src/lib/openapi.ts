import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';

/** A parsed OpenAPI 3.1 document; only the members these helpers read are typed. */
export interface OpenApiDocument {
  openapi: string;
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, unknown>;
  [member: string]: unknown;
}

/** One operation of a spec, its `$ref`s resolved: every documented response and its examples. */
export interface OpenApiOperation {
  method: string;
  path: string;
  operationId?: string;
  /** Status key (`200`, `4XX`, `default`) -> media type -> example name -> example value. */
  responses: Record<string, Record<string, Record<string, unknown>>>;
}

/** Holds response bodies to the response schemas of one spec. */
export interface ResponseValidator {
  /**
   * Throws, listing every mismatch, unless `body` is what the spec documents for this operation
   * and status (exact status, else `NXX`, else `default`): `contentType` must match a documented
   * media type with the same parameters (the cursor profile of a paginated collection), and a
   * response without content (304) must have an empty body. A schema's
   * `x-jsonapi-default-fieldset` subschema is applied unless the document's `links.self` carries a
   * `fields[TYPE]` parameter (a sparse fieldset was asked for).
   */
  validate(
    method: string,
    pathTemplate: string,
    status: number,
    contentType: string | undefined,
    body: unknown,
  ): void;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const DOCUMENT_ID = 'urn:waypost:openapi';
const DEFAULT_FIELDSET = 'x-jsonapi-default-fieldset';
const BODY_PREVIEW_CHARS = 2000;

// The validator is ESM-only and Jest runs CommonJS, so it runs in a child Node process.
const VALIDATOR_SCRIPT = `
const { Validator } = await import(process.argv[1]);
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { valid, errors } = await new Validator().validate(JSON.parse(input));
process.stdout.write(JSON.stringify({ valid, errors }));
`;

/**
 * The names of the specs in `openapi/` (`places` for `openapi/places.yaml`), sorted: the YAML files
 * there that are OpenAPI documents (`openapi:` at their top), whatever else the folder holds.
 */
export function openApiNames(): string[] {
  const folder = openApiFolder();
  return readdirSync(folder)
    .filter((file) => file.endsWith('.yaml'))
    .filter((file) => /^openapi:/m.test(readFileSync(path.join(folder, file), 'utf8')))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort();
}

/**
 * Reads `openapi/<name>.yaml` from the repository root and bundles it: every component it takes
 * from another file (`$ref: './shared/jsonapi.yaml#/components/schemas/ErrorDocument'`) is copied
 * into its own `components` under the same name, with what that component refers to, and the
 * `$ref` made local, as `redocly bundle` does. The result has only local `$ref`s.
 */
export function loadOpenApi(name: string): OpenApiDocument {
  const file = path.join(openApiFolder(), `${name}.yaml`);
  if (!existsSync(file)) {
    throw new Error(`No spec openapi/${name}.yaml (specs: ${openApiNames().join(', ') || 'none'})`);
  }
  const doc = readYamlDocument(file);
  if (typeof doc['openapi'] !== 'string') {
    throw new Error(`openapi/${name}.yaml is not an OpenAPI document (no 'openapi' version)`);
  }
  return bundleOpenApi(doc as OpenApiDocument, file);
}

/**
 * `doc` (read from `file`) with every external `$ref` to a component (`<file>#/components/<kind>/<name>`)
 * made local: the component is copied into `doc.components` under its own name, transitively.
 * Throws on an external `$ref` that is not a component, and on two different components of one name.
 */
export function bundleOpenApi(doc: OpenApiDocument, file: string): OpenApiDocument {
  const bundled = structuredClone(doc);
  const documents = new Map<string, Record<string, unknown>>([[path.resolve(file), bundled]]);
  const origins = new Map<string, string>();
  const components = (bundled.components ??= {});
  const localize = (node: unknown, from: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => localize(item, from));
    if (!isObject(node)) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = localize(value, from);
    const ref = node['$ref'];
    if (typeof ref !== 'string') return out;
    const hash = ref.indexOf('#');
    const target =
      hash === 0
        ? from
        : path.resolve(path.dirname(from), ref.slice(0, hash < 0 ? undefined : hash));
    if (target === path.resolve(file)) return out;
    const pointer = hash < 0 ? '' : ref.slice(hash + 1);
    const match = /^\/components\/([^/]+)\/([^/]+)$/.exec(pointer);
    if (!match)
      throw new Error(
        `Only components can be referenced from another file, not ${ref} (in ${from})`,
      );
    const [kind, component] = [match[1], unescapePointerSegment(match[2])];
    const key = `${kind}/${component}`;
    out['$ref'] = `#/components/${kind}/${match[2]}`;
    const origin = origins.get(key);
    if (origin === target) return out;
    const section = asObject((components[kind] ??= {}));
    if (origin !== undefined || component in section) {
      throw new Error(`Two components ${key}: in ${origin ?? file} and in ${target}`);
    }
    if (!documents.has(target)) documents.set(target, readYamlDocument(target));
    const value = asObject(asObject(documents.get(target)?.['components'])[kind])[component];
    if (value === undefined) throw new Error(`No ${key} in ${target} (from ${ref} in ${from})`);
    origins.set(key, target);
    section[component] = {};
    section[component] = localize(value, target);
    return out;
  };
  for (const [key, value] of Object.entries(bundled)) {
    if (key !== 'components') (bundled as Record<string, unknown>)[key] = localize(value, file);
  }
  for (const [kind, section] of Object.entries(components)) {
    for (const [component, value] of Object.entries(asObject(section))) {
      if (!origins.has(`${kind}/${component}`))
        asObject(components[kind])[component] = localize(value, file);
    }
  }
  return bundled;
}

function readYamlDocument(file: string): Record<string, unknown> {
  const doc: unknown = parse(readFileSync(file, 'utf8'));
  if (!isObject(doc)) throw new Error(`${file} is not a YAML mapping`);
  return doc;
}

/** Throws, listing the problems, unless `doc` is a valid OpenAPI document (structure and `$ref`s). */
export async function validateOpenApiDocument(doc: OpenApiDocument): Promise<void> {
  const validator = pathToFileURL(require.resolve('@seriousme/openapi-schema-validator')).href;
  const run = promisify(execFile)(
    process.execPath,
    ['--input-type=module', '--eval', VALIDATOR_SCRIPT, '--', validator],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  run.child.stdin?.end(JSON.stringify(doc));
  const { stdout } = await run;
  const { valid, errors } = JSON.parse(stdout) as {
    valid: boolean;
    errors?: ErrorObject[] | string;
  };
  if (valid) return;
  const problems = typeof errors === 'string' ? [errors] : (errors ?? []).map(formatError);
  throw new Error(`Not a valid OpenAPI document:\n  ${problems.join('\n  ')}`);
}

/** Every operation of the spec with its responses and their examples, `$ref`s resolved. */
export function listOperations(doc: OpenApiDocument): OpenApiOperation[] {
  const operations: OpenApiOperation[] = [];
  for (const [pathTemplate, pathItem] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      const responses: OpenApiOperation['responses'] = {};
      for (const status of Object.keys(asObject(operation['responses']))) {
        const response = resolve(doc, ['paths', pathTemplate, method, 'responses', status]).value;
        responses[status] = {};
        for (const [mediaType, media] of Object.entries(asObject(response['content']))) {
          responses[status][mediaType] = examplesOf(doc, asObject(media));
        }
      }
      const operationId = operation['operationId'];
      operations.push({
        method,
        path: pathTemplate,
        operationId: typeof operationId === 'string' ? operationId : undefined,
        responses,
      });
    }
  }
  return operations;
}

/** The path template of the spec that serves `method` on a concrete URL path (its query is ignored). */
export function matchPath(doc: OpenApiDocument, method: string, concretePath: string): string {
  const pathOnly = concretePath.split(/[?#]/)[0];
  const templates = Object.keys(doc.paths ?? {})
    .filter((template) => isObject(doc.paths?.[template]?.[method.toLowerCase()]))
    // OpenAPI: a concrete path matches before a templated one.
    .sort((a, b) => templateCount(a) - templateCount(b));
  const template = templates.find((candidate) => templatePattern(candidate).test(pathOnly));
  if (!template) {
    throw new Error(`No path of the spec serves ${method.toUpperCase()} ${concretePath}`);
  }
  return template;
}

/** A validator of response bodies against the spec's response schemas (Ajv, JSON Schema 2020-12). */
export function createResponseValidator(doc: OpenApiDocument): ResponseValidator {
  const strict = schemaCompiler(withDefaultFieldsets(doc, true));
  let sparse: SchemaCompiler | undefined;
  return {
    validate(method, pathTemplate, status, contentType, body) {
      const where = `${method.toUpperCase()} ${pathTemplate} ${status}`;
      const { pointer, value: response } = findResponse(doc, method, pathTemplate, status);
      const content = asObject(response['content']);
      const mediaTypes = Object.keys(content);
      if (mediaTypes.length === 0) {
        if (body !== undefined && body !== null && body !== '') {
          throw new Error(`${where}: the spec documents no body, got ${preview(body)}`);
        }
        return;
      }
      const mediaType =
        contentType === undefined ? undefined : matchMediaType(mediaTypes, contentType);
      if (mediaType === undefined) {
        throw new Error(
          `${where}: Content-Type ${contentType ?? '(none)'} is not documented (documented: ${mediaTypes.join(' | ')})`,
        );
      }
      const compiler = requestsSparseFieldsets(body)
        ? (sparse ??= schemaCompiler(withDefaultFieldsets(doc, false)))
        : strict;
      const validateBody = compiler([...pointer, 'content', mediaType, 'schema']);
      if (!validateBody(body)) {
        const problems = (validateBody.errors ?? []).map(formatError);
        throw new Error(
          `${where} (${contentType}) does not match the spec:\n  ${problems.join('\n  ')}\n${preview(body)}`,
        );
      }
    },
  };
}

type SchemaCompiler = (pointer: readonly string[]) => ValidateFunction;

// The whole document is one schema resource, so `#/components/...` refs resolve inside it.
function schemaCompiler(doc: OpenApiDocument): SchemaCompiler {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: DOCUMENT_ID });
  return (pointer) => {
    const ref = `${DOCUMENT_ID}#/${pointer.map(escapePointerSegment).join('/')}`;
    const validate = ajv.getSchema(ref);
    if (!validate) throw new Error(`No schema at ${ref}`);
    return validate;
  };
}

function findResponse(
  doc: OpenApiDocument,
  method: string,
  pathTemplate: string,
  status: number,
): Resolved {
  const pathItem = doc.paths?.[pathTemplate];
  if (!pathItem) {
    const known = Object.keys(doc.paths ?? {}).join(', ');
    throw new Error(`No path ${pathTemplate} in the spec (paths: ${known}); see matchPath`);
  }
  const operation = pathItem[method.toLowerCase()];
  if (!isObject(operation)) {
    throw new Error(`The spec has no ${method.toUpperCase()} ${pathTemplate}`);
  }
  const responses = asObject(operation['responses']);
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
  if (!key) {
    throw new Error(
      `${method.toUpperCase()} ${pathTemplate}: status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`,
    );
  }
  return resolve(doc, ['paths', pathTemplate, method.toLowerCase(), 'responses', key]);
}

interface Resolved {
  pointer: string[];
  value: Record<string, unknown>;
}

/** The object at `pointer`, following local `$ref`s (`#/components/...`) to where it lives. */
function resolve(doc: OpenApiDocument, pointer: string[]): Resolved {
  let current = pointer;
  for (let hops = 0; hops < 20; hops++) {
    const value = current.reduce<unknown>((node, key) => asObject(node)[key], doc);
    if (!isObject(value)) throw new Error(`Nothing at #/${current.join('/')} in the spec`);
    const ref = value['$ref'];
    if (typeof ref !== 'string') return { pointer: current, value };
    if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, not ${ref}`);
    current = ref.slice(2).split('/').map(unescapePointerSegment);
  }
  throw new Error(`$ref cycle at #/${pointer.join('/')}`);
}

function examplesOf(doc: OpenApiDocument, media: Record<string, unknown>): Record<string, unknown> {
  const examples: Record<string, unknown> = {};
  if ('example' in media) examples['example'] = media['example'];
  for (const [name, example] of Object.entries(asObject(media['examples']))) {
    const ref = asObject(example)['$ref'];
    const resolved =
      typeof ref === 'string' && ref.startsWith('#/')
        ? resolve(doc, ref.slice(2).split('/').map(unescapePointerSegment)).value
        : asObject(example);
    examples[name] = resolved['value'];
  }
  return examples;
}

/** The documented media type equal to `contentType`: same type and the same parameters. */
function matchMediaType(documented: readonly string[], contentType: string): string | undefined {
  const actual = parseMediaType(contentType);
  return documented.find((candidate) => {
    const expected = parseMediaType(candidate);
    return (
      expected.essence === actual.essence &&
      expected.parameters.size === actual.parameters.size &&
      [...expected.parameters].every(([name, value]) => actual.parameters.get(name) === value)
    );
  });
}

function parseMediaType(value: string): { essence: string; parameters: Map<string, string> } {
  const [essence, ...parameters] = value.split(';');
  return {
    essence: essence.trim().toLowerCase(),
    parameters: new Map(
      parameters
        .filter((parameter) => parameter.trim() !== '')
        .map((parameter) => {
          const equals = parameter.indexOf('=');
          const name = parameter
            .slice(0, equals < 0 ? undefined : equals)
            .trim()
            .toLowerCase();
          const raw = equals < 0 ? '' : parameter.slice(equals + 1).trim();
          return [name, raw.replace(/^"(.*)"$/, '$1')];
        }),
    ),
  };
}

function requestsSparseFieldsets(body: unknown): boolean {
  const self = isObject(body) && isObject(body['links']) ? body['links']['self'] : undefined;
  if (typeof self !== 'string') return false;
  try {
    const names = [...new URL(self, 'http://localhost').searchParams.keys()];
    return names.some((name) => name.startsWith('fields['));
  } catch {
    return false;
  }
}

/**
 * A copy of `value` where each schema's `x-jsonapi-default-fieldset` subschema (which members a
 * resource has without a `fields[TYPE]` parameter) is applied (`allOf`), or dropped for a document
 * answering a sparse fieldset. Tools that do not know the extension see only the sparse schema.
 */
function withDefaultFieldsets<T>(value: T, applied: boolean): T {
  if (Array.isArray(value)) return value.map((item) => withDefaultFieldsets(item, applied)) as T;
  if (!isObject(value)) return value;
  const { [DEFAULT_FIELDSET]: fieldset, ...rest } = value;
  const copy = Object.fromEntries(
    Object.entries(rest).map(([key, member]) => [key, withDefaultFieldsets(member, applied)]),
  );
  if (fieldset === undefined || !applied) return copy as T;
  const allOf = Array.isArray(copy['allOf']) ? copy['allOf'] : [];
  return { ...copy, allOf: [...allOf, withDefaultFieldsets(fieldset, applied)] } as T;
}

function templateCount(template: string): number {
  return (template.match(/\{[^}]+\}/g) ?? []).length;
}

function templatePattern(template: string): RegExp {
  const parts = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('')}$`);
}

function escapePointerSegment(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
}

function unescapePointerSegment(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

function formatError(error: ErrorObject): string {
  return `${error.instancePath || '(root)'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
}

function preview(body: unknown): string {
  const text = JSON.stringify(body, null, 2) ?? String(body);
  return text.length > BODY_PREVIEW_CHARS ? `${text.slice(0, BODY_PREVIEW_CHARS)}...` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

// Specs live in openapi/ at the repository root (the folder holding nx.json).
function openApiFolder(): string {
  let directory = __dirname;
  while (!existsSync(path.join(directory, 'nx.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`No nx.json above ${__dirname}`);
    directory = parent;
  }
  return path.join(directory, 'openapi');
}
