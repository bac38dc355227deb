import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';

// The house rules of openapi/lint/waypost.plugin.mjs, run by Redocly CLI as `npm run lint:openapi`
// runs them (the real specs pass in `npm run lint`); here, on a spec that breaks each rule.
const ROOT = path.join(__dirname, '..', '..');
const PLUGIN = path.join(ROOT, 'openapi', 'lint', 'waypost.plugin.mjs');
const JSONAPI = 'application/vnd.api+json';

async function lint(spec: object): Promise<{ ok: boolean; output: string }> {
  const folder = mkdtempSync(path.join(tmpdir(), 'waypost-openapi-lint-'));
  writeFileSync(path.join(folder, 'spec.yaml'), stringify(spec));
  writeFileSync(
    path.join(folder, 'redocly.yaml'),
    stringify({
      plugins: [PLUGIN],
      rules: {
        'waypost/error-document': 'error',
        'waypost/paginated-collection': 'error',
        'waypost/operation-example': 'error',
      },
    }),
  );
  const args = ['lint', '--config', path.join(folder, 'redocly.yaml'), '--format=stylish'];
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  try {
    const { stdout, stderr } = await promisify(execFile)(
      path.join(ROOT, 'node_modules', '.bin', 'redocly'),
      [...args, path.join(folder, 'spec.yaml')],
      { env },
    );
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

const errorDocument = {
  type: 'object',
  required: ['errors'],
  properties: { errors: { type: 'array', items: { type: 'object' } } },
};
const thingsPage = {
  type: 'object',
  required: ['data', 'links'],
  properties: {
    data: { type: 'array', items: { type: 'object' } },
    links: {
      type: 'object',
      properties: { next: { type: ['string', 'null'] }, prev: { type: ['string', 'null'] } },
    },
  },
};
const page = (name: string) => ({ name, in: 'query', schema: { type: 'string' } });

function spec(operation: object): object {
  return {
    openapi: '3.1.0',
    info: { title: 'things', version: '1.0.0' },
    paths: { '/things': { get: { operationId: 'listThings', ...operation } } },
  };
}

const goodOperation = {
  parameters: [page('page[size]'), page('page[after]'), page('page[before]')],
  responses: {
    '200': {
      description: 'A page.',
      content: {
        [JSONAPI]: {
          schema: thingsPage,
          example: { data: [], links: { next: null, prev: null } },
        },
      },
    },
    '400': {
      description: 'Bad.',
      content: { [JSONAPI]: { schema: errorDocument, example: { errors: [{}] } } },
    },
  },
};

describe('the spec lint house rules (openapi/lint/waypost.plugin.mjs)', () => {
  it('pass a paginated collection with JSON:API errors and examples', async () => {
    const { ok, output } = await lint(spec(goodOperation));
    expect(output).not.toMatch(/waypost\//);
    expect(ok).toBe(true);
  });

  it('want the JSON:API error document on every 4xx and 5xx', async () => {
    const { ok, output } = await lint(
      spec({
        ...goodOperation,
        responses: {
          ...goodOperation.responses,
          '404': { description: 'Gone.', content: { 'text/plain': { example: 'gone' } } },
          '500': {
            description: 'Broken.',
            content: { [JSONAPI]: { schema: thingsPage, example: { data: [], links: {} } } },
          },
        },
      }),
    );
    expect(ok).toBe(false);
    expect(output).toMatch(/Answer 404 must be a JSON:API error document/);
    expect(output).toMatch(/Answer 500 \(application\/vnd.api\+json\) must be a JSON:API error/);
  });

  it('want the pagination parameters and cursor links on every collection', async () => {
    const { ok, output } = await lint(
      spec({
        ...goodOperation,
        parameters: [page('page[size]')],
        responses: {
          ...goodOperation.responses,
          '200': {
            description: 'A page.',
            content: {
              [JSONAPI]: {
                schema: { ...thingsPage, properties: { data: thingsPage.properties.data } },
                example: { data: [] },
              },
            },
          },
        },
      }),
    );
    expect(ok).toBe(false);
    expect(output).toMatch(/A collection must take page\[after\], page\[before\]/);
    expect(output).toMatch(/A collection must answer the cursor links/);
  });

  it('accept an unpaginated collection that says why', async () => {
    const { ok } = await lint(
      spec({ ...goodOperation, parameters: [], 'x-waypost-not-paginated': 'At most 5.' }),
    );
    expect(ok).toBe(true);
  });

  it('want an example on every answer', async () => {
    const { ok, output } = await lint(
      spec({
        ...goodOperation,
        responses: {
          '200': { description: 'A page.', content: { [JSONAPI]: { schema: thingsPage } } },
          '400': goodOperation.responses['400'],
        },
      }),
    );
    expect(ok).toBe(false);
    expect(output).toMatch(/Answer 200 \(application\/vnd.api\+json\) needs an example/);
  });
});
