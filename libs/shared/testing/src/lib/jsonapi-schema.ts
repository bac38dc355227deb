import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

let validate: ValidateFunction | undefined;

/** The messages of every way `document` breaks the JSON:API 1.1 response schema (empty: valid). */
export function jsonApiSchemaErrors(document: unknown): string[] {
  validate ??= new Ajv2020({ strict: false, allErrors: true }).compile(
    JSON.parse(readFileSync(schemaPath(), 'utf8')),
  );
  // Round-trip through JSON so the document is checked as a client receives it (Dates, undefined).
  if (validate(JSON.parse(JSON.stringify(document)))) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`,
  );
}

/** Throws, listing the schema errors, unless `document` is a valid JSON:API 1.1 response document. */
export function expectValidJsonApiDocument(document: unknown): void {
  const errors = jsonApiSchemaErrors(document);
  if (errors.length > 0) {
    throw new Error(
      `Not a valid JSON:API 1.1 document:\n  ${errors.join('\n  ')}\n${JSON.stringify(document, null, 2)}`,
    );
  }
}

// The schema lives in ../shared beside the repository root (the folder holding nx.json).
function schemaPath(): string {
  let directory = __dirname;
  while (!existsSync(path.join(directory, 'nx.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`No nx.json above ${__dirname}`);
    directory = parent;
  }
  return path.join(directory, '..', 'shared', 'schemas', 'jsonapi-1.1.schema.json');
}
