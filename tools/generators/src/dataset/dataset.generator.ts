import { Tree, formatFiles, generateFiles, joinPathFragments, updateJson } from '@nx/devkit';
import {
  GeneratorError,
  INDEXED_BY,
  IndexedBy,
  SOURCE_KINDS,
  SourceKind,
  assertIdentifier,
  datasetNames,
  insertAfterLast,
  mapAt,
  pushTo,
  readDatasets,
  readText,
  updateDatasets,
  updateYaml,
} from '../lib/workspace';
import { Scalar, YAMLMap, isScalar, parseDocument } from 'yaml';
import { sourceGenerator } from '../source/source.generator';

export interface DatasetGeneratorSchema {
  readonly name: string;
  readonly source?: SourceKind;
  readonly sourceName?: string;
  readonly indexedBy?: IndexedBy;
  readonly item?: string;
}

/** Names that are not datasets: the platform's other scopes and apps. */
const RESERVED = ['shared', 'gateway', 'platform', 'dev-sources', 'tools', 'deploy', 'generators'];

/** The timestamp a migration id starts with (YYYYMMDDhhmm, UTC). */
function migrationStamp(now: Date, offsetMinutes = 0): string {
  const at = new Date(now.getTime() + offsetMinutes * 60_000);
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 12);
}

/**
 * `nx g @waypost/generators:dataset <name>`: everything a new dataset needs, so that `npm test` is
 * green with it at once (architecture.md, "Adding a dataset").
 */
export async function datasetGenerator(tree: Tree, options: DatasetGeneratorSchema): Promise<void> {
  const { name } = options;
  assertIdentifier('dataset name', name);
  const source = options.source ?? 'http';
  const indexedBy = options.indexedBy ?? 'location';
  if (!SOURCE_KINDS.includes(source)) {
    throw new GeneratorError(`source "${source}" is not one of ${SOURCE_KINDS.join(', ')}`);
  }
  if (!INDEXED_BY.includes(indexedBy)) {
    throw new GeneratorError(`indexedBy "${indexedBy}" is not one of ${INDEXED_BY.join(', ')}`);
  }
  const datasets = readDatasets(tree);
  if (RESERVED.includes(name))
    throw new GeneratorError(`"${name}" is reserved; choose another name`);
  const taken = [
    `apps/${name}-api`,
    `apps/${name}-sync`,
    `libs/${name}`,
    `openapi/${name}.yaml`,
  ].find((path) => tree.exists(path));
  if (datasets.some((d) => d.name === name) || taken) {
    throw new GeneratorError(
      `a dataset "${name}" exists already (${taken ?? 'tools/datasets.registry.json'})`,
    );
  }
  const item = options.item ?? (name.endsWith('s') ? name.slice(0, -1) : name);
  assertIdentifier('item', item);

  const apiPort = Math.max(...datasets.map((d) => d.api.port)) + 1;
  const syncPort = Math.max(...datasets.map((d) => d.sync.port)) + 1;
  const now = new Date();
  const n = datasetNames(name, item);
  generateFiles(tree, joinPathFragments(__dirname, 'files'), '.', {
    ...n,
    apiPort,
    syncPort,
    indexedBy,
    syncTablesMigrationId: migrationStamp(now),
    migrationId: migrationStamp(now, 1),
    tmpl: '',
  });

  updateDatasets(tree, (all) => [
    ...all,
    {
      name,
      api: { project: `${name}-api`, port: apiPort },
      sync: { project: `${name}-sync`, port: syncPort, sources: [] },
      generated: { item, indexedBy },
    },
  ]);

  updateJson(tree, 'tsconfig.base.json', (json) => {
    const paths = json.compilerOptions.paths as Record<string, string[]>;
    for (const lib of ['schema', 'data-access/read', 'data-access/write']) {
      paths[`@waypost/${name}/${lib}`] = [`libs/${name}/${lib}/src/index.ts`];
    }
    return json;
  });

  // Its migrations run with every other dataset's.
  const migrations = 'tools/db/all-migrations.ts';
  let text = readText(tree, migrations);
  text = insertAfterLast(
    text,
    /^import /,
    `import { ${n.constantName}_MIGRATIONS } from '@waypost/${name}/schema';`,
    migrations,
  );
  text = insertAfterLast(
    text,
    /^ {2}[A-Z_]+_MIGRATIONS,$/,
    `  ${n.constantName}_MIGRATIONS,`,
    migrations,
  );
  tree.write(migrations, text);

  addGatewayRoute(tree, name, n.resourceType, apiPort);
  addDeployment(tree, name, apiPort, syncPort);
  addReadmeRow(tree, name, apiPort, syncPort);

  await sourceGenerator(tree, {
    dataset: name,
    source: options.sourceName ?? 'partner',
    kind: source,
    skipFormat: true,
  });
  await formatFiles(tree);
}

/** The route under /v1, and the dataset's part of the guide (its first page at the place). */
function addGatewayRoute(tree: Tree, name: string, type: string, apiPort: number) {
  const upstream = `${name}-api`;
  const edit = (url: string) => (doc: ReturnType<typeof parseDocument>) => {
    mapAt(doc, ['upstreams']).set(upstream, doc.createNode({ url }));
    const plans = doc.createNode(['first-party', 'partner', 'trial'], { flow: true });
    pushTo(doc, ['routes'], { prefix: `/${type}`, upstream, timeoutMs: 5000, plans });
    pushTo(doc, ['guide', 'parts'], {
      name: type,
      relationship: type,
      upstream,
      path: `/${type}?filter[place]={id}&page[size]=5`,
      timeoutMs: 2000,
    });
  };
  updateYaml(tree, 'config/gateway.routes.yaml', edit(`http://127.0.0.1:${apiPort}`));
  // The containers' copy (tools/deploy/src/gateway-routes.ts): upstreams at their Service names.
  updateYaml(tree, 'k8s/base/gateway.routes.yaml', edit(`http://${upstream}:${apiPort}`));
}

/** Both apps in the kustomize base, the API's scaling in prod, and both in docker-compose.yml. */
function addDeployment(tree: Tree, name: string, apiPort: number, syncPort: number) {
  updateYaml(tree, 'k8s/base/kustomization.yaml', (doc) => {
    pushTo(doc, ['resources'], `${name}-api.yaml`);
    pushTo(doc, ['resources'], `${name}-sync.yaml`);
  });
  updateYaml(tree, 'k8s/overlays/prod/kustomization.yaml', (doc) => {
    pushTo(doc, ['resources'], `${name}-api.scaling.yaml`);
    pushTo(doc, ['patches'], { path: `${name}-api.replicas.yaml` });
  });
  updateYaml(tree, 'docker-compose.yml', (doc) => {
    const services = mapAt(doc, ['services']);
    // The new services share what every app service has (`<<: *app`, the URL anchors): taken
    // from articles-api's, as aliases, so docker-compose.yml keeps one definition of each.
    const reference = mapAt(doc, ['services', 'articles-api']);
    const environment = mapAt(doc, ['services', 'articles-api', 'environment']);
    const shared = (key: string) => environment.get(key, true);
    const health = (port: number, interval: string, retries: number) => ({
      test: [
        'CMD',
        'node',
        '-e',
        `fetch('http://127.0.0.1:${port}/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
      ],
      interval,
      timeout: '3s',
      retries,
    });
    const onMigrate = { migrate: { condition: 'service_completed_successfully' } };
    const onRedis = { redis: { condition: 'service_healthy' } };
    const service = (
      app: string,
      port: number,
      env: Record<string, unknown>,
      dependsOn: object,
      healthcheck: object,
    ) => {
      const node = doc.createNode({
        command: ['node', `dist/apps/${app}/src/main.js`],
        environment: { PORT: String(port), ...env },
        // Quoted: YAML 1.1 (docker compose) reads an unquoted 3103:3103 as a base-60 number.
        ports: [new Scalar(`${port}:${port}`)].map((p) => ((p.type = 'QUOTE_SINGLE'), p)),
        healthcheck,
        depends_on: dependsOn,
      }) as YAMLMap;
      const merge = reference.items.find((pair) => isScalar(pair.key) && pair.key.value === '<<');
      if (merge) node.items.unshift(doc.createPair('<<', merge.value));
      services.set(app, node);
    };
    const common = {
      DATABASE_URL: shared('DATABASE_URL'),
      REDIS_URL: shared('REDIS_URL'),
      LOG_LEVEL: 'info',
    };
    service(
      `${name}-sync`,
      syncPort,
      common,
      { ...onMigrate, 'dev-sources': { condition: 'service_healthy' }, ...onRedis },
      health(syncPort, '10s', 10),
    );
    service(
      `${name}-api`,
      apiPort,
      {
        NODE_OPTIONS: shared('NODE_OPTIONS'),
        ...common,
        PUBLIC_BASE_URL: shared('PUBLIC_BASE_URL'),
      },
      { ...onMigrate, ...onRedis },
      health(apiPort, '5s', 20),
    );
    mapAt(doc, ['services', 'gateway', 'depends_on']).set(
      `${name}-api`,
      doc.createNode({ condition: 'service_healthy' }),
    );
  });
}

/** Its row in the README's table of apps. */
function addReadmeRow(tree: Tree, name: string, apiPort: number, syncPort: number) {
  let text = readText(tree, 'README.md');
  const rows = [
    `| ${name}-api | ${apiPort} | JSON:API for \`${name}\` (\`openapi/${name}.yaml\`) |`,
    `| ${name}-sync | ${syncPort} | BullMQ worker: its sources → \`${name.replace(/-/g, '_')}\` schema; health and metrics only |`,
  ];
  text = insertAfterLast(text, /^\| [a-z-]+-sync +\|/, rows.join('\n'), 'README.md');
  tree.write('README.md', text);
}

export default datasetGenerator;
