import { Tree, readJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { sourceGenerator } from '../source/source.generator';
import { datasetGenerator } from './dataset.generator';

const ROOT = join(__dirname, '..', '..', '..', '..');
/** The workspace files the generators edit, as they are in the repository. */
const EDITED = [
  'tools/datasets.registry.json',
  'tools/db/all-migrations.ts',
  'config/gateway.routes.yaml',
  'k8s/base/gateway.routes.yaml',
  'k8s/base/kustomization.yaml',
  'k8s/overlays/dev/kustomization.yaml',
  'k8s/overlays/prod/kustomization.yaml',
  'docker-compose.yml',
  'README.md',
];

function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  for (const file of EDITED) tree.write(file, readFileSync(join(ROOT, file), 'utf8'));
  tree.write(
    'tsconfig.base.json',
    JSON.stringify({
      compilerOptions: { paths: { '@waypost/shared/db': ['libs/shared/db/src/index.ts'] } },
    }),
  );
  return tree;
}

const yamlOf = (tree: Tree, path: string) => parse(tree.read(path, 'utf-8')!);
const datasets = (tree: Tree) =>
  readJson<{
    datasets: { name: string; api: { port: number }; sync: { port: number; sources: string[] } }[];
  }>(tree, 'tools/datasets.registry.json').datasets;

describe('the dataset generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = workspace();
  });

  it('writes the schema lib, repositories, both apps, the spec and tests, on the next free ports', async () => {
    const before = datasets(tree);
    await datasetGenerator(tree, { name: 'lodgings' });
    const entry = datasets(tree).find((d) => d.name === 'lodgings')!;
    expect(entry.api.port).toBe(Math.max(...before.map((d) => d.api.port)) + 1);
    expect(entry.sync.port).toBe(Math.max(...before.map((d) => d.sync.port)) + 1);
    expect(entry.sync.sources).toEqual(['partner']);
    for (const file of [
      'libs/lodgings/schema/src/lib/tables.ts',
      'libs/lodgings/data-access/read/src/lib/lodging.read-repository.ts',
      'libs/lodgings/data-access/write/src/lib/lodging.write-repository.ts',
      'apps/lodgings-api/src/lodgings.service.ts',
      'apps/lodgings-api/test/lodgings-api.http.spec.ts',
      'apps/lodgings-sync/src/sources/partner.source.ts',
      'apps/lodgings-sync/src/sources/partner.client.ts',
      'apps/lodgings-sync/test/partner.sync.int.spec.ts',
      'openapi/lodgings.yaml',
      'k8s/base/lodgings-api.yaml',
      'k8s/base/lodgings-sync.yaml',
    ]) {
      expect(tree.exists(file)).toBe(true);
    }
    expect(readJson(tree, 'apps/lodgings-api/project.json').tags).toEqual([
      'scope:lodgings',
      'type:app',
      'side:read',
    ]);
    expect(tree.read('apps/lodgings-api/src/lodgings-api.config.ts', 'utf-8')).toContain(
      `LODGINGS_API_PORT = ${entry.api.port}`,
    );
    expect(
      readJson(tree, 'tsconfig.base.json').compilerOptions.paths['@waypost/lodgings/schema'],
    ).toEqual(['libs/lodgings/schema/src/index.ts']);
    expect(tree.read('tools/db/all-migrations.ts', 'utf-8')).toMatch(/LODGINGS_MIGRATIONS,\n\];/);
  });

  it('routes the gateway to it, adds its guide part, and deploys both apps', async () => {
    await datasetGenerator(tree, { name: 'lodgings' });
    const routes = yamlOf(tree, 'config/gateway.routes.yaml');
    expect(routes.upstreams['lodgings-api']).toEqual({ url: 'http://127.0.0.1:3103' });
    expect(routes.routes).toContainEqual(
      expect.objectContaining({ prefix: '/lodgings', upstream: 'lodgings-api' }),
    );
    expect(routes.guide.parts).toContainEqual(
      expect.objectContaining({ name: 'lodgings', upstream: 'lodgings-api' }),
    );
    expect(yamlOf(tree, 'k8s/base/gateway.routes.yaml').upstreams['lodgings-api']).toEqual({
      url: 'http://lodgings-api:3103',
    });
    expect(yamlOf(tree, 'k8s/base/kustomization.yaml').resources).toEqual(
      expect.arrayContaining(['lodgings-api.yaml', 'lodgings-sync.yaml']),
    );
    const compose = yamlOf(tree, 'docker-compose.yml');
    expect(compose.services['lodgings-api'].ports).toEqual(['3103:3103']);
    expect(compose.services['lodgings-sync'].environment).toMatchObject({
      PORT: '3203',
      LODGINGS_PARTNER_URL: 'http://dev-sources:3900/lodgings/partner',
    });
    expect(compose.services.gateway.depends_on['lodgings-api']).toEqual({
      condition: 'service_healthy',
    });
    expect(tree.read('README.md', 'utf-8')).toMatch(/^\| lodgings-api +\| 3103 \|/m);
  });

  it.each([
    ['articles', /exists already/],
    ['Lodgings', /not a valid identifier/],
    ['lodgings_2', /not a valid identifier/],
    ['gateway', /reserved/],
  ])('refuses %s', async (name, message) => {
    await expect(datasetGenerator(tree, { name })).rejects.toThrow(message);
  });

  it('refuses a name whose folder exists, writing nothing', async () => {
    tree.write('apps/lodgings-api/README.md', 'taken');
    await expect(datasetGenerator(tree, { name: 'lodgings' })).rejects.toThrow(
      /apps\/lodgings-api/,
    );
    expect(datasets(tree).map((d) => d.name)).not.toContain('lodgings');
  });

  it('writes the client of the chosen source kind and indexes by the chosen rule', async () => {
    await datasetGenerator(tree, {
      name: 'tours',
      source: 'feed',
      sourceName: 'viator',
      indexedBy: 'visits',
    });
    expect(tree.read('apps/tours-sync/src/sources/viator.client.ts', 'utf-8')).toContain('/feed');
    expect(tree.read('apps/tours-sync/src/sources/viator.source.ts', 'utf-8')).toContain(
      'resolveMentions',
    );
    await datasetGenerator(tree, {
      name: 'books',
      source: 'postgres',
      sourceName: 'shop',
      indexedBy: 'mentions',
    });
    expect(tree.read('apps/books-sync/src/sources/shop.client.ts', 'utf-8')).toContain(
      'from records',
    );
  });
});

describe('the source generator', () => {
  let tree: Tree;
  beforeEach(async () => {
    tree = workspace();
    await datasetGenerator(tree, { name: 'tours', sourceName: 'viator' });
  });

  it('adds a source to the sync app, the registry and the settings of every environment', async () => {
    await sourceGenerator(tree, { dataset: 'tours', source: 'g-adventures' });
    expect(tree.read('apps/tours-sync/src/sources/index.ts', 'utf-8')).toContain(
      '[viatorSource, gAdventuresSource]',
    );
    expect(datasets(tree).find((d) => d.name === 'tours')!.sync.sources).toEqual([
      'viator',
      'g-adventures',
    ]);
    const env = yamlOf(tree, 'k8s/base/tours-sync.yaml').spec.template.spec.containers[0].env;
    expect(env).toContainEqual(expect.objectContaining({ name: 'TOURS_G_ADVENTURES_URL' }));
    expect(
      yamlOf(tree, 'k8s/overlays/dev/kustomization.yaml').configMapGenerator[0].literals,
    ).toContain('TOURS_G_ADVENTURES_URL=http://dev-sources:3900/tours/g-adventures');
    expect(
      yamlOf(tree, 'docker-compose.yml').services['tours-sync'].environment.TOURS_G_ADVENTURES_URL,
    ).toBe('http://dev-sources:3900/tours/g-adventures');
  });

  it.each([
    [{ dataset: 'hotels', source: 'x' }, /no dataset "hotels"/],
    [{ dataset: 'tours', source: 'viator' }, /already has a source "viator"/],
    [{ dataset: 'articles', source: 'x' }, /not made by the dataset generator/],
    [{ dataset: 'tours', source: 'G Adventures' }, /not a valid identifier/],
  ])('refuses %j', async (options, message) => {
    await expect(sourceGenerator(tree, options)).rejects.toThrow(message);
  });
});
