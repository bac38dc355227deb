import { Tree, formatFiles, generateFiles, joinPathFragments } from '@nx/devkit';
import {
  GeneratorError,
  SOURCE_KINDS,
  SourceKind,
  assertIdentifier,
  datasetNames,
  insertAfterLast,
  mapAt,
  pushTo,
  readDatasets,
  readText,
  sourceNames,
  updateDatasets,
  updateYaml,
} from '../lib/workspace';

export interface SourceGeneratorSchema {
  readonly dataset: string;
  readonly source: string;
  readonly kind?: SourceKind;
  /** Internal: the dataset generator formats once, at its end. */
  readonly skipFormat?: boolean;
}

/**
 * Where containers find a source: in dev, the stand-in dev-sources serves under the source's name
 * (`/<source>`, as every stand-in there is mounted); in prod, the partner.
 */
function containerUrls(dataset: string, source: string, kind: SourceKind) {
  return kind === 'postgres'
    ? {
        dev: `postgres://postgres:postgres@postgis:5432/${dataset.replace(/-/g, '_')}_${source.replace(/-/g, '_')}`,
        prod: `postgres://waypost@${source}.${dataset}.example.com:5432/${source.replace(/-/g, '_')}`,
      }
    : {
        dev: `http://dev-sources:3900/${source}`,
        prod: `https://${source}.${dataset}.example.com`,
      };
}

/** `nx g @waypost/generators:source <dataset> <source>`: one more source of a dataset's sync app. */
export async function sourceGenerator(tree: Tree, options: SourceGeneratorSchema): Promise<void> {
  assertIdentifier('dataset', options.dataset);
  assertIdentifier('source', options.source);
  const kind = options.kind ?? 'http';
  if (!SOURCE_KINDS.includes(kind)) {
    throw new GeneratorError(`kind "${kind}" is not one of ${SOURCE_KINDS.join(', ')}`);
  }
  const dataset = readDatasets(tree).find((d) => d.name === options.dataset);
  if (!dataset)
    throw new GeneratorError(
      `there is no dataset "${options.dataset}" in tools/datasets.registry.json`,
    );
  if (!dataset.generated) {
    throw new GeneratorError(
      `dataset "${options.dataset}" was not made by the dataset generator; add its sources by hand`,
    );
  }
  if (dataset.sync.sources.includes(options.source)) {
    throw new GeneratorError(
      `dataset "${options.dataset}" already has a source "${options.source}"`,
    );
  }
  const syncRoot = `apps/${dataset.sync.project}`;
  const substitutions = {
    ...datasetNames(dataset.name, dataset.generated.item),
    ...sourceNames(dataset.name, options.source),
    sourceKind: kind,
    indexedBy: dataset.generated.indexedBy,
    defaultUrl:
      kind === 'postgres'
        ? `postgres://postgres@127.0.0.1:5432/${dataset.name.replace(/-/g, '_')}_${options.source.replace(/-/g, '_')}`
        : `http://127.0.0.1:3900/${options.source}`,
    tmpl: '',
  };
  const files = joinPathFragments(__dirname, 'files');
  generateFiles(tree, joinPathFragments(files, 'common'), '.', substitutions);
  generateFiles(tree, joinPathFragments(files, kind), '.', substitutions);

  // The sync app's list of sources.
  const index = `${syncRoot}/src/sources/index.ts`;
  const { sourcePropertyName } = substitutions;
  let text = readText(tree, index);
  text = insertAfterLast(
    text,
    /^import /,
    `import { ${sourcePropertyName}Source } from './${options.source}.source';`,
    index,
  );
  text = text.replace(
    /(export const SOURCES[^=]*= \[)([^\]]*)\]/s,
    (_all, head: string, items: string) => {
      const entries = items
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return `${head}${[...entries, `${sourcePropertyName}Source`].join(', ')}]`;
    },
  );
  tree.write(index, text);

  updateDatasets(tree, (all) =>
    all.map((d) =>
      d.name === dataset.name
        ? { ...d, sync: { ...d.sync, sources: [...d.sync.sources, options.source] } }
        : d,
    ),
  );

  // Its URL in containers: a setting of the environment (dev: the stand-ins; prod: the partner).
  const variable = `${substitutions.envPrefix}_URL`;
  const urls = containerUrls(dataset.name, options.source, kind);
  updateYaml(tree, `k8s/base/${dataset.sync.project}.yaml`, (doc) => {
    pushTo(doc, ['spec', 'template', 'spec', 'containers', '0', 'env'], {
      name: variable,
      valueFrom: { configMapKeyRef: { name: 'waypost-settings', key: variable } },
    });
  });
  for (const overlay of ['dev', 'prod'] as const) {
    updateYaml(tree, `k8s/overlays/${overlay}/kustomization.yaml`, (doc) => {
      const generators = doc.get('configMapGenerator', true);
      const settings = (generators as { items: { get(k: string): unknown }[] }).items.find(
        (g) => g.get('name') === 'waypost-settings',
      );
      if (!settings)
        throw new GeneratorError(`k8s/overlays/${overlay}: no waypost-settings configMapGenerator`);
      (settings as unknown as { get(k: string, keep: true): { add(v: unknown): void } })
        .get('literals', true)
        .add(`${variable}=${urls[overlay]}`);
    });
  }
  updateYaml(tree, 'docker-compose.yml', (doc) => {
    mapAt(doc, ['services', dataset.sync.project, 'environment']).set(variable, urls.dev);
  });

  if (!options.skipFormat) await formatFiles(tree);
}

export default sourceGenerator;
