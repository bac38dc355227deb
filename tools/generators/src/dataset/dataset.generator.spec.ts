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
    await datasetGenerator(tree, { name: 'hotels' });
    const entry = datasets(tree).find((d) => d.name === 'hotels')!;
    expect(entry.api.port).toBe(Math.max(...before.map((d) => d.api.port)) + 1);
    expect(entry.sync.port).toBe(Math.max(...before.map((d) => d.sync.port)) + 1);
    expect(entry.sync.sources).toEqual(['partner']);
    for (const file of [
      'libs/hotels/schema/src/lib/tables.ts',
      'libs/hotels/data-access/read/src/lib/hotel.read-repository.ts',
      'libs/hotels/data-access/write/src/lib/hotel.write-repository.ts',
      'apps/hotels-api/src/hotels.service.ts',
      'apps/hotels-api/test/hotels-api.http.spec.ts',
      'apps/hotels-sync/src/sources/partner.source.ts',
      'apps/hotels-sync/src/sources/partner.client.ts',
      'apps/hotels-sync/test/partner.sync.int.spec.ts',
      'openapi/hotels.yaml',
      'k8s/base/hotels-api.yaml',
      'k8s/base/hotels-sync.yaml',
    ]) {
      expect(tree.exists(file)).toBe(true);
    }
    expect(readJson(tree, 'apps/hotels-api/project.json').tags).toEqual([
      'scope:hotels',
      'type:app',
      'side:read',
    ]);
    expect(tree.read('apps/hotels-api/src/hotels-api.config.ts', 'utf-8')).toContain(
      `HOTELS_API_PORT = ${entry.api.port}`,
    );
    expect(
      readJson(tree, 'tsconfig.base.json').compilerOptions.paths['@waypost/hotels/schema'],
    ).toEqual(['libs/hotels/schema/src/index.ts']);
    expect(tree.read('tools/db/all-migrations.ts', 'utf-8')).toMatch(/HOTELS_MIGRATIONS,\n\];/);
  });

  it('routes the gateway to it, adds its guide part, and deploys both apps', async () => {
    const api = Math.max(...datasets(tree).map((d) => d.api.port)) + 1;
    const sync = Math.max(...datasets(tree).map((d) => d.sync.port)) + 1;
    await datasetGenerator(tree, { name: 'hotels' });
    const routes = yamlOf(tree, 'config/gateway.routes.yaml');
    expect(routes.upstreams['hotels-api']).toEqual({ url: `http://127.0.0.1:${api}` });
    expect(routes.routes).toContainEqual(
      expect.objectContaining({ prefix: '/hotels', upstream: 'hotels-api' }),
    );
    expect(routes.guide.parts).toContainEqual(
      expect.objectContaining({ name: 'hotels', upstream: 'hotels-api' }),
    );
    expect(yamlOf(tree, 'k8s/base/gateway.routes.yaml').upstreams['hotels-api']).toEqual({
      url: `http://hotels-api:${api}`,
    });
    expect(yamlOf(tree, 'k8s/base/kustomization.yaml').resources).toEqual(
      expect.arrayContaining(['hotels-api.yaml', 'hotels-sync.yaml']),
    );
    const compose = yamlOf(tree, 'docker-compose.yml');
    expect(compose.services['hotels-api'].ports).toEqual([`${api}:${api}`]);
    expect(compose.services['hotels-sync'].environment).toMatchObject({
      PORT: String(sync),
      HOTELS_PARTNER_URL: 'http://dev-sources:3900/partner',
    });
    expect(compose.services.gateway.depends_on['hotels-api']).toEqual({
      condition: 'service_healthy',
    });
    expect(tree.read('README.md', 'utf-8')).toMatch(
      new RegExp(`^\\| hotels-api +\\| ${api} \\|`, 'm'),
    );
  });

  it.each([
    ['articles', /exists already/],
    ['Lodgings', /not a valid identifier/],
    ['hotels_2', /not a valid identifier/],
    ['gateway', /reserved/],
  ])('refuses %s', async (name, message) => {
    await expect(datasetGenerator(tree, { name })).rejects.toThrow(message);
  });

  it('refuses a name whose folder exists, writing nothing', async () => {
    tree.write('apps/hotels-api/README.md', 'taken');
    await expect(datasetGenerator(tree, { name: 'hotels' })).rejects.toThrow(/apps\/hotels-api/);
    expect(datasets(tree).map((d) => d.name)).not.toContain('hotels');
  });

  it('writes the client of the chosen source kind and indexes by the chosen rule', async () => {
    await datasetGenerator(tree, {
      name: 'cruises',
      source: 'feed',
      sourceName: 'viator',
      indexedBy: 'visits',
    });
    expect(tree.read('apps/cruises-sync/src/sources/viator.client.ts', 'utf-8')).toContain('/feed');
    expect(tree.read('apps/cruises-sync/src/sources/viator.source.ts', 'utf-8')).toContain(
      'resolveMentions',
    );
    await datasetGenerator(tree, {
      name: 'maps',
      source: 'postgres',
      sourceName: 'shop',
      indexedBy: 'mentions',
    });
    expect(tree.read('apps/maps-sync/src/sources/shop.client.ts', 'utf-8')).toContain(
      'from records',
    );
  });
});

describe('the source generator', () => {
  let tree: Tree;
  beforeEach(async () => {
    tree = workspace();
    await datasetGenerator(tree, { name: 'cruises', sourceName: 'viator' });
  });

  it('adds a source to the sync app, the registry and the settings of every environment', async () => {
    await sourceGenerator(tree, { dataset: 'cruises', source: 'g-adventures' });
    expect(tree.read('apps/cruises-sync/src/sources/index.ts', 'utf-8')).toContain(
      '[viatorSource, gAdventuresSource]',
    );
    expect(datasets(tree).find((d) => d.name === 'cruises')!.sync.sources).toEqual([
      'viator',
      'g-adventures',
    ]);
    const env = yamlOf(tree, 'k8s/base/cruises-sync.yaml').spec.template.spec.containers[0].env;
    expect(env).toContainEqual(expect.objectContaining({ name: 'CRUISES_G_ADVENTURES_URL' }));
    expect(
      yamlOf(tree, 'k8s/overlays/dev/kustomization.yaml').configMapGenerator[0].literals,
    ).toContain('CRUISES_G_ADVENTURES_URL=http://dev-sources:3900/g-adventures');
    expect(
      yamlOf(tree, 'docker-compose.yml').services['cruises-sync'].environment
        .CRUISES_G_ADVENTURES_URL,
    ).toBe('http://dev-sources:3900/g-adventures');
  });

  it.each([
    [{ dataset: 'nowhere', source: 'x' }, /no dataset "nowhere"/],
    [{ dataset: 'cruises', source: 'viator' }, /already has a source "viator"/],
    [{ dataset: 'articles', source: 'x' }, /not made by the dataset generator/],
    [{ dataset: 'cruises', source: 'G Adventures' }, /not a valid identifier/],
  ])('refuses %j', async (options, message) => {
    await expect(sourceGenerator(tree, options)).rejects.toThrow(message);
  });
});
