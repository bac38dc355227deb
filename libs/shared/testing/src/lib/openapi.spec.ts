import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { jsonApiSchemaErrors } from './jsonapi-schema';
import {
  OpenApiDocument,
  bundleOpenApi,
  createResponseValidator,
  listOperations,
  loadOpenApi,
  matchPath,
  openApiNames,
  validateOpenApiDocument,
} from './openapi';

const JSONAPI = 'application/vnd.api+json';

interface Example {
  label: string;
  method: string;
  path: string;
  status: number;
  mediaType: string;
  value: unknown;
}

// `default` and `4XX` responses have no single status: their examples carry it in errors[0].status.
function statusOf(key: string, value: unknown): number {
  if (/^\d{3}$/.test(key)) return Number(key);
  const status = Number((value as { errors?: { status?: string }[] })?.errors?.[0]?.status);
  if (!Number.isInteger(status)) throw new Error(`An example of response ${key} has no status`);
  return status;
}

function examplesOf(doc: OpenApiDocument): Example[] {
  return listOperations(doc).flatMap(({ method, path, responses }) =>
    Object.entries(responses).flatMap(([key, content]) =>
      Object.entries(content).flatMap(([mediaType, examples]) =>
        Object.entries(examples).map(([name, value]) => ({
          label: `${method.toUpperCase()} ${path} ${key} ${name}`,
          method,
          path,
          status: statusOf(key, value),
          mediaType,
          value,
        })),
      ),
    ),
  );
}

describe.each(openApiNames())('openapi/%s.yaml', (name) => {
  const doc = loadOpenApi(name);
  const operations = listOperations(doc);
  const examples = examplesOf(doc);
  const validator = createResponseValidator(doc);

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    await validateOpenApiDocument(doc);
  });

  it('gives every operation a unique operationId', () => {
    const ids = operations.map((operation) => operation.operationId);
    expect(ids).not.toContain(undefined);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has an example for every media type of every 200 response', () => {
    const missing = operations.flatMap(({ method, path, responses }) =>
      Object.entries(responses['200'] ?? {})
        .filter(([, mediaExamples]) => Object.keys(mediaExamples).length === 0)
        .map(([mediaType]) => `${method.toUpperCase()} ${path} 200 ${mediaType}`),
    );
    expect(missing).toEqual([]);
    expect(operations.filter((operation) => operation.responses['200'])).not.toHaveLength(0);
  });

  it.each(examples.map((example) => [example.label, example] as const))(
    'example %s matches its response schema and is a JSON:API document',
    (_label, { method, path, status, mediaType, value }) => {
      validator.validate(method, path, status, mediaType, value);
      if (mediaType.startsWith(JSONAPI)) expect(jsonApiSchemaErrors(value)).toEqual([]);
    },
  );

  it('rejects 200 examples with an unknown member added', () => {
    const documents = examples.filter((example) => example.status === 200);
    for (const { method, path, mediaType, value } of documents) {
      const drifted = { ...(value as object), unexpected: true };
      expect(() => validator.validate(method, path, 200, mediaType, drifted)).toThrow(
        /must NOT have additional properties/,
      );
    }
  });

  it('rejects 200 examples with an unknown attribute added', () => {
    const withAttributes = examples.filter(
      (example) => example.status === 200 && primaryResources(example.value)[0]?.attributes,
    );
    expect(withAttributes).not.toHaveLength(0);
    for (const { method, path, mediaType, value } of withAttributes) {
      const drifted = structuredClone(value);
      const resource = primaryResources(drifted)[0];
      resource.attributes = { ...resource.attributes, unexpectedAttribute: 1 };
      expect(() => validator.validate(method, path, 200, mediaType, drifted)).toThrow(
        /attributes must NOT have additional properties/,
      );
    }
  });
});

function primaryResources(document: unknown): { attributes?: Record<string, unknown> }[] {
  const data = (document as { data?: unknown }).data;
  return (Array.isArray(data) ? data : data ? [data] : []) as {
    attributes?: Record<string, unknown>;
  }[];
}

describe('response validation helpers', () => {
  const PROFILED = `${JSONAPI}; profile="https://example.com/profiles/paging"`;
  const doc: OpenApiDocument = {
    openapi: '3.1.0',
    info: { title: 'things', version: '1.0.0' },
    paths: {
      '/things': {
        get: {
          operationId: 'listThings',
          responses: {
            '200': {
              description: 'A page of things.',
              content: {
                [PROFILED]: {
                  schema: {
                    type: 'object',
                    required: ['data'],
                    properties: {
                      data: { type: 'array', items: { $ref: '#/components/schemas/Thing' } },
                    },
                  },
                },
              },
            },
          },
        },
      },
      '/things/{id}': {
        get: {
          operationId: 'getThing',
          responses: {
            '200': {
              description: 'A thing.',
              content: {
                [JSONAPI]: {
                  schema: {
                    type: 'object',
                    required: ['links', 'data'],
                    properties: { data: { $ref: '#/components/schemas/Thing' } },
                  },
                },
              },
            },
            '304': { description: 'Not modified.' },
            default: { $ref: '#/components/responses/Error' },
          },
        },
      },
      '/things/special': {
        get: { operationId: 'getSpecialThing', responses: { '204': { description: 'Empty.' } } },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['id'],
          additionalProperties: false,
          properties: { id: { type: 'string' }, name: { type: 'string' } },
          'x-jsonapi-default-fieldset': { required: ['name'] },
        },
      },
      responses: {
        Error: {
          description: 'Any error.',
          content: {
            [JSONAPI]: {
              schema: {
                type: 'object',
                required: ['errors'],
                properties: { errors: { type: 'array', minItems: 1 } },
              },
            },
          },
        },
      },
    },
  };
  const validator = createResponseValidator(doc);
  const thing = (links: object, data: object) => ({ links, data });

  it('matches concrete paths to templates, a concrete template first', () => {
    expect(matchPath(doc, 'GET', '/things')).toBe('/things');
    expect(matchPath(doc, 'get', '/things/42?fields[things]=name')).toBe('/things/{id}');
    expect(matchPath(doc, 'GET', '/things/special')).toBe('/things/special');
    expect(() => matchPath(doc, 'GET', '/things/42/parts')).toThrow(/No path of the spec serves/);
    expect(() => matchPath(doc, 'POST', '/things')).toThrow(/No path of the spec serves/);
  });

  it('accepts a body that matches and names what does not', () => {
    const links = { self: '/things/1' };
    validator.validate('GET', '/things/{id}', 200, JSONAPI, thing(links, { id: '1', name: 'a' }));
    expect(() =>
      validator.validate('GET', '/things/{id}', 200, JSONAPI, thing(links, { id: 1, name: 'a' })),
    ).toThrow(/GET \/things\/\{id\} 200 .*does not match the spec:\n {2}\/data\/id must be string/);
  });

  it('requires the documented media type with exactly its parameters', () => {
    const page = { data: [{ id: '1', name: 'a' }] };
    validator.validate('GET', '/things', 200, PROFILED, page);
    validator.validate(
      'GET',
      '/things',
      200,
      'Application/VND.api+json;profile=https://example.com/profiles/paging',
      page,
    );
    expect(() => validator.validate('GET', '/things', 200, JSONAPI, page)).toThrow(
      /Content-Type application\/vnd.api\+json is not documented/,
    );
    expect(() =>
      validator.validate('GET', '/things', 200, `${PROFILED}; charset=utf-8`, page),
    ).toThrow(/is not documented/);
  });

  it('falls back to the default response, following its $ref', () => {
    const unavailable = { errors: [{ status: '503' }] };
    validator.validate('GET', '/things/{id}', 503, JSONAPI, unavailable);
    expect(() => validator.validate('GET', '/things/{id}', 503, JSONAPI, { errors: [] })).toThrow(
      /\/errors must NOT have fewer than 1 items/,
    );
    expect(() => validator.validate('GET', '/things', 503, JSONAPI, unavailable)).toThrow(
      /status 503 is not documented \(documented: 200\)/,
    );
  });

  it('wants no body where the spec documents none', () => {
    validator.validate('GET', '/things/{id}', 304, undefined, '');
    expect(() => validator.validate('GET', '/things/{id}', 304, JSONAPI, { data: null })).toThrow(
      /documents no body/,
    );
  });

  it('applies default-fieldset subschemas only without a fields[TYPE] parameter', () => {
    const sparse = { id: '1' };
    expect(() =>
      validator.validate('GET', '/things/{id}', 200, JSONAPI, thing({ self: '/things/1' }, sparse)),
    ).toThrow(/\/data must have required property 'name'/);
    validator.validate(
      'GET',
      '/things/{id}',
      200,
      JSONAPI,
      thing({ self: 'http://127.0.0.1:3101/things/1?fields%5Bthings%5D=id' }, sparse),
    );
  });

  it('reports an undocumented path or method', () => {
    expect(() => validator.validate('GET', '/things/42', 200, JSONAPI, {})).toThrow(
      /No path \/things\/42 in the spec/,
    );
    expect(() => validator.validate('DELETE', '/things', 200, JSONAPI, {})).toThrow(
      /The spec has no DELETE \/things/,
    );
  });

  it('validates OpenAPI documents and lists what is wrong', async () => {
    await validateOpenApiDocument(doc);
    const broken = { ...doc, info: { title: 'things' } } as OpenApiDocument;
    await expect(validateOpenApiDocument(broken)).rejects.toThrow(
      /Not a valid OpenAPI document:[\s\S]*version/,
    );
  });

  it('loads a spec by name and names the ones there are', () => {
    expect(openApiNames()).toContain('places');
    expect(loadOpenApi('places').openapi).toBe('3.1.0');
    expect(() => loadOpenApi('nowhere')).toThrow(/No spec openapi\/nowhere.yaml \(specs: .*places/);
  });
});

describe('bundleOpenApi', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'openapi-bundle-'));
  mkdirSync(path.join(folder, 'shared'));
  const sharedFile = path.join(folder, 'shared', 'common.yaml');
  writeFileSync(
    sharedFile,
    stringify({
      openapi: '3.1.0',
      info: { title: 'shared', version: '1.0.0' },
      paths: {},
      components: {
        schemas: {
          ErrorDocument: {
            type: 'object',
            properties: {
              errors: { type: 'array', items: { $ref: '#/components/schemas/Error' } },
            },
          },
          Error: { type: 'object', required: ['status'] },
          Unused: { type: 'string' },
        },
        responses: {
          NotFound: {
            description: 'Not found.',
            content: { [JSONAPI]: { schema: { $ref: '#/components/schemas/ErrorDocument' } } },
          },
        },
      },
    }),
  );
  const file = path.join(folder, 'things.yaml');
  const doc = (components: Record<string, unknown>, ref: string): OpenApiDocument => ({
    openapi: '3.1.0',
    info: { title: 'things', version: '1.0.0' },
    paths: { '/things/{id}': { get: { responses: { '404': { $ref: ref } } } } },
    components,
  });

  it('copies referenced components of another file, transitively, and makes the $refs local', () => {
    const bundled = bundleOpenApi(
      doc(
        { schemas: { Thing: { type: 'object' } } },
        './shared/common.yaml#/components/responses/NotFound',
      ),
      file,
    );
    expect(bundled.paths?.['/things/{id}']).toEqual({
      get: { responses: { '404': { $ref: '#/components/responses/NotFound' } } },
    });
    expect(bundled.components).toEqual({
      schemas: {
        Thing: { type: 'object' },
        ErrorDocument: {
          type: 'object',
          properties: { errors: { type: 'array', items: { $ref: '#/components/schemas/Error' } } },
        },
        Error: { type: 'object', required: ['status'] },
      },
      responses: {
        NotFound: {
          description: 'Not found.',
          content: { [JSONAPI]: { schema: { $ref: '#/components/schemas/ErrorDocument' } } },
        },
      },
    });
    const validator = createResponseValidator(bundled);
    validator.validate('GET', '/things/{id}', 404, JSONAPI, { errors: [{ status: '404' }] });
    expect(() => validator.validate('GET', '/things/{id}', 404, JSONAPI, { errors: [{}] })).toThrow(
      /must have required property 'status'/,
    );
  });

  it('refuses a component name the spec already uses, a missing component and a non-component $ref', () => {
    expect(() =>
      bundleOpenApi(
        doc(
          { schemas: { Error: { type: 'string' } } },
          './shared/common.yaml#/components/responses/NotFound',
        ),
        file,
      ),
    ).toThrow(/Two components schemas\/Error/);
    expect(() =>
      bundleOpenApi(doc({}, './shared/common.yaml#/components/responses/Gone'), file),
    ).toThrow(/No responses\/Gone in .*common.yaml/);
    expect(() => bundleOpenApi(doc({}, './shared/common.yaml#/paths'), file)).toThrow(
      /Only components can be referenced from another file/,
    );
  });

  it('bundles every spec of the repository into local $refs only', () => {
    for (const name of openApiNames()) {
      expect(JSON.stringify(loadOpenApi(name))).not.toMatch(/"\$ref":"[^#]/);
    }
  });
});
