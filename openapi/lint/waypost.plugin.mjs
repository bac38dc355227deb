// House rules for the OpenAPI specs, as a Redocly CLI plugin (openapi/redocly.yaml):
// - waypost/error-document: every 4xx, 5xx (and `default`) answer is the JSON:API error document;
// - waypost/paginated-collection: every collection (a 200 whose `data` is an array) takes
//   `page[size]`, `page[after]` and `page[before]` and answers `links.next` and `links.prev`,
//   unless the operation says why not in `x-waypost-not-paginated`;
// - waypost/operation-example: every operation has an example, and so does every media type of
//   every answer.

const JSONAPI = 'application/vnd.api+json';
const PAGE_PARAMETERS = ['page[size]', 'page[after]', 'page[before]'];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Follows `$ref`s (through ctx.resolve, so across files) until a node without one. */
function deref(node, ctx, from) {
  let current = node;
  let location = from;
  for (let hops = 0; hops < 20 && current && typeof current.$ref === 'string'; hops++) {
    const resolved = ctx.resolve(current, location?.source?.absoluteRef);
    current = resolved.node;
    location = resolved.location ?? location;
  }
  return { node: current, location };
}

/** The subschema of `schema` for `property`, looking through `$ref`s and `allOf`. */
function propertySchemas(schema, property, ctx, location, depth = 0) {
  const { node, location: at } = deref(schema, ctx, location);
  if (!node || typeof node !== 'object' || depth > 10) return [];
  const found = [];
  if (node.properties && node.properties[property] !== undefined) {
    found.push(deref(node.properties[property], ctx, at).node);
  }
  for (const part of node.allOf ?? [])
    found.push(...propertySchemas(part, property, ctx, at, depth + 1));
  return found;
}

function requires(schema, property, ctx, location, depth = 0) {
  const { node, location: at } = deref(schema, ctx, location);
  if (!node || typeof node !== 'object' || depth > 10) return false;
  if (Array.isArray(node.required) && node.required.includes(property)) return true;
  return (node.allOf ?? []).some((part) => requires(part, property, ctx, at, depth + 1));
}

function isJsonApi(mediaType) {
  return mediaType.split(';')[0].trim().toLowerCase() === JSONAPI;
}

function hasExample(media) {
  return media.example !== undefined || Object.keys(media.examples ?? {}).length > 0;
}

function ErrorDocument() {
  return {
    Operation: {
      enter(operation, ctx) {
        for (const [status, raw] of Object.entries(operation.responses ?? {})) {
          if (!/^([45]([0-9]{2}|XX)|default)$/.test(status)) continue;
          const where = ctx.location.child(['responses', status]);
          const { node: response, location } = deref(raw, ctx, where);
          const content = Object.entries(response?.content ?? {});
          const jsonApi = content.filter(([mediaType]) => isJsonApi(mediaType));
          if (jsonApi.length === 0 || jsonApi.length !== content.length) {
            ctx.report({
              message: `Answer ${status} must be a JSON:API error document (${JSONAPI}) and nothing else.`,
              location: where,
            });
            continue;
          }
          for (const [mediaType, media] of jsonApi) {
            const errors = propertySchemas(media.schema, 'errors', ctx, location);
            const isErrorDocument =
              requires(media.schema, 'errors', ctx, location) &&
              errors.some((schema) => schema?.type === 'array') &&
              propertySchemas(media.schema, 'data', ctx, location).length === 0;
            if (!isErrorDocument) {
              ctx.report({
                message: `Answer ${status} (${mediaType}) must be a JSON:API error document: a required \`errors\` array and no \`data\`.`,
                location: where,
              });
            }
          }
        }
      },
    },
  };
}

function PaginatedCollection() {
  return {
    PathItem: {
      enter(pathItem, ctx) {
        for (const method of METHODS) {
          const operation = pathItem[method];
          if (!operation) continue;
          const at = ctx.location.child([method]);
          const where = at.child(['responses', '200']);
          const { node: ok, location } = deref(operation.responses?.['200'], ctx, where);
          const collection = Object.entries(ok?.content ?? {}).find(
            ([mediaType, media]) =>
              isJsonApi(mediaType) &&
              propertySchemas(media.schema, 'data', ctx, location).some(
                (data) => data?.type === 'array',
              ),
          );
          if (!collection || typeof operation['x-waypost-not-paginated'] === 'string') continue;
          const names = new Set();
          for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
            const { node } = deref(raw, ctx, at);
            if (node?.in === 'query') names.add(node.name);
          }
          const missing = PAGE_PARAMETERS.filter((name) => !names.has(name));
          if (missing.length > 0) {
            ctx.report({
              message: `A collection must take ${missing.join(', ')} (or say why not in x-waypost-not-paginated).`,
              location: at.child(['parameters']),
            });
          }
          const links = propertySchemas(collection[1].schema, 'links', ctx, location);
          const cursorLinks = links.some(
            (schema) =>
              propertySchemas(schema, 'next', ctx, location).some(
                (next) => next?.type !== 'null',
              ) &&
              propertySchemas(schema, 'prev', ctx, location).some((prev) => prev?.type !== 'null'),
          );
          if (!cursorLinks) {
            ctx.report({
              message: 'A collection must answer the cursor links `links.next` and `links.prev`.',
              location: where,
            });
          }
        }
      },
    },
  };
}

function OperationExample() {
  return {
    Operation: {
      enter(operation, ctx) {
        let examples = 0;
        for (const [status, raw] of Object.entries(operation.responses ?? {})) {
          const where = ctx.location.child(['responses', status]);
          const { node: response } = deref(raw, ctx, where);
          for (const [mediaType, media] of Object.entries(response?.content ?? {})) {
            if (hasExample(media)) {
              examples++;
            } else {
              ctx.report({
                message: `Answer ${status} (${mediaType}) needs an example (a mock server serves it).`,
                location: where,
              });
            }
          }
        }
        if (examples === 0) {
          ctx.report({
            message: 'The operation needs at least one example answer.',
            location: ctx.location.child(['responses']),
          });
        }
      },
    },
  };
}

export default function waypostPlugin() {
  return {
    id: 'waypost',
    rules: {
      oas3: {
        'error-document': ErrorDocument,
        'paginated-collection': PaginatedCollection,
        'operation-example': OperationExample,
      },
    },
  };
}
