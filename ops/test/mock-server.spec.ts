import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  JsonApiGet,
  createJsonApiClient,
  freePort,
  listOperations,
  loadOpenApi,
} from '@waypost/shared/testing';

// `npm run mock -- <dataset>`: Prism 5 serving a dataset spec's examples. Every answer is held to
// JSON:API 1.1 and to the spec by the shared test client, as the real service's answers are.
const JSONAPI = 'application/vnd.api+json';
const ROOT = path.join(__dirname, '..', '..');

/** The dataset's API port, from the registry tools/datasets.ts reads. */
function apiPort(name: string): number {
  const registry = JSON.parse(
    readFileSync(path.join(ROOT, 'tools', 'datasets.registry.json'), 'utf8'),
  ) as { datasets: { name: string; api: { port: number } }[] };
  const dataset = registry.datasets.find((entry) => entry.name === name);
  if (!dataset) throw new Error(`no dataset ${name} in tools/datasets.registry.json`);
  return dataset.api.port;
}

/** Each path of the spec with its path parameters filled from their documented examples. */
function concretePaths(name: string): { template: string; path: string }[] {
  const doc = loadOpenApi(name);
  const parameters = (doc.components?.['parameters'] ?? {}) as Record<
    string,
    { in?: string; name?: string; example?: unknown }
  >;
  return listOperations(doc).map(({ path: template, method }) => {
    const operation = doc.paths?.[template]?.[method] as { parameters?: { $ref?: string }[] };
    let concrete = template;
    for (const ref of operation.parameters ?? []) {
      const parameter = parameters[String(ref.$ref).split('/').pop() ?? ''];
      if (parameter?.in === 'path') {
        concrete = concrete.replace(`{${parameter.name}}`, String(parameter.example));
      }
    }
    expect(concrete).not.toMatch(/[{}]/);
    return { template, path: concrete };
  });
}

const DATASETS = (
  JSON.parse(readFileSync(path.join(ROOT, 'tools', 'datasets.registry.json'), 'utf8')) as {
    datasets: { name: string }[];
  }
).datasets.map((dataset) => dataset.name);

describe.each(DATASETS)('npm run mock -- %s', (name) => {
  let mock: ChildProcess;
  let get: JsonApiGet;

  beforeAll(async () => {
    const port = await freePort();
    // What `npm run mock -- <dataset> --port N` runs.
    mock = spawn(
      process.execPath,
      ['-r', './tools/register.js', 'tools/scripts/mock.ts', name, '--port', String(port)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    mock.stdout?.on('data', (chunk) => (output += String(chunk)));
    mock.stderr?.on('data', (chunk) => (output += String(chunk)));
    // The examples' links name the dataset's own port: the client follows them to the mock.
    get = createJsonApiClient({
      origin: `http://127.0.0.1:${port}`,
      publicBaseUrl: `http://127.0.0.1:${apiPort(name)}`,
      specs: [{ name }],
      headers: { accept: JSONAPI },
    });
    for (let attempt = 0; ; attempt++) {
      if (/Prism is listening/.test(output)) break;
      if (mock.exitCode !== null || attempt > 600) {
        throw new Error(`Prism did not start:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    if (!mock || mock.exitCode !== null) return;
    const exited = new Promise((resolve) => mock.once('exit', resolve));
    mock.kill('SIGTERM');
    await exited;
  });

  it('answers every operation with its example, a JSON:API document true to the spec', async () => {
    const paths = concretePaths(name);
    expect(paths.length).toBeGreaterThan(1);
    for (const { path } of paths) {
      const answer = await get(path);
      expect([path, answer.status]).toEqual([path, 200]);
      expect(answer.body.data).toBeDefined();
    }
  });

  it('follows the links of a collection example to the mock', async () => {
    const collection = concretePaths(name).find(({ template }) => !template.includes('{'))!;
    const first = await get(collection.path);
    expect(Array.isArray(first.body.data)).toBe(true);
    const self = await get(first.body.links.self);
    expect(self.status).toBe(200);
  });

  it('answers the documented errors on request (Prefer: code=404)', async () => {
    const one = concretePaths(name).find(({ template }) => /^\/\w+\/\{id\}$/.test(template))!;
    const answer = await get(one.path, { prefer: 'code=404' });
    expect(answer.status).toBe(404);
    expect(answer.body.errors[0]).toMatchObject({ status: '404', code: 'not-found' });
  });
});
