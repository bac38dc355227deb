import { Tree, names, readJson, updateJson } from '@nx/devkit';
import { parseDocument, isMap, isSeq, YAMLMap } from 'yaml';

export const DATASETS_FILE = 'tools/datasets.registry.json';

/** What the generators record of a dataset they made, so a later `source` run knows its shape. */
export interface GeneratedFacts {
  readonly item: string;
  readonly indexedBy: IndexedBy;
}

export interface DatasetFacts {
  readonly name: string;
  readonly api: { readonly project: string; readonly port: number };
  readonly sync: { readonly project: string; readonly port: number; readonly sources: string[] };
  readonly generated?: GeneratedFacts;
}

export const SOURCE_KINDS = ['http', 'postgres', 'feed'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const INDEXED_BY = ['location', 'mentions', 'visits'] as const;
export type IndexedBy = (typeof INDEXED_BY)[number];

/** Lower-case words joined by single hyphens, starting with a letter: a project, schema and URL segment. */
const IDENTIFIER = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export class GeneratorError extends Error {}

export function assertIdentifier(what: string, value: string): void {
  if (!IDENTIFIER.test(value ?? '')) {
    throw new GeneratorError(
      `${what} "${value}" is not a valid identifier: use lower-case letters, digits and single hyphens, starting with a letter (e.g. "lodgings", "g-adventures")`,
    );
  }
}

export function readDatasets(tree: Tree): DatasetFacts[] {
  return readJson<{ datasets: DatasetFacts[] }>(tree, DATASETS_FILE).datasets;
}

export function updateDatasets(tree: Tree, update: (datasets: DatasetFacts[]) => DatasetFacts[]) {
  updateJson<{ datasets: DatasetFacts[] }>(tree, DATASETS_FILE, (json) => ({
    ...json,
    datasets: update(json.datasets),
  }));
}

/** Every name a template uses for a dataset. */
export function datasetNames(name: string, item: string) {
  const dataset = names(name);
  const single = names(item);
  return {
    name,
    className: dataset.className,
    propertyName: dataset.propertyName,
    constantName: dataset.constantName,
    schemaName: name.replace(/-/g, '_'),
    /** The roll-up table as kysely names it (CamelCasePlugin): `<schema>_by_place`. */
    rollupTable: names(`${name}-by-place`).propertyName,
    resourceType: dataset.propertyName,
    item,
    itemClass: single.className,
    itemConstant: single.constantName,
  };
}

export function sourceNames(dataset: string, source: string) {
  const n = names(source);
  return {
    source,
    sourceClass: n.className,
    sourceConstant: n.constantName,
    sourcePropertyName: n.propertyName,
    envPrefix: `${names(dataset).constantName}_${n.constantName}`,
  };
}

export function readText(tree: Tree, path: string): string {
  const text = tree.read(path, 'utf-8');
  if (text === null) throw new GeneratorError(`${path} is missing`);
  return text;
}

/** Edits a YAML file through its document (comments and formatting kept). */
export function updateYaml(
  tree: Tree,
  path: string,
  edit: (doc: ReturnType<typeof parseDocument>) => void,
) {
  const doc = parseDocument(readText(tree, path));
  edit(doc);
  tree.write(path, doc.toString({ lineWidth: 0 }));
}

export function mapAt(doc: ReturnType<typeof parseDocument>, path: string[]): YAMLMap {
  const node = doc.getIn(path, true);
  if (!isMap(node)) throw new GeneratorError(`${path.join('.')} is not a map`);
  return node;
}

export function pushTo(doc: ReturnType<typeof parseDocument>, path: string[], value: unknown) {
  const node = doc.getIn(path, true);
  if (!isSeq(node)) throw new GeneratorError(`${path.join('.')} is not a list`);
  node.add(doc.createNode(value));
}

/** Inserts `line` after the last line matching `after` (a generated list kept in its order). */
export function insertAfterLast(text: string, after: RegExp, line: string, file: string): string {
  const lines = text.split('\n');
  const at = lines
    .map((l, i) => (after.test(l) ? i : -1))
    .filter((i) => i >= 0)
    .pop();
  if (at === undefined) throw new GeneratorError(`${file}: found no line matching ${after}`);
  lines.splice(at + 1, 0, line);
  return lines.join('\n');
}
