import facts from './datasets.registry.json';

/** A dataset: its read service and its sync worker, with their ports and sync sources. */
export interface DatasetEntry {
  readonly name: string;
  readonly api: { readonly project: string; readonly port: number };
  readonly sync: {
    readonly project: string;
    readonly port: number;
    /** The sync worker's sources; articles-sync's are one per WordPress site (`wp-<site>`). */
    readonly sources: readonly string[];
  };
}

/** Every dataset the platform runs, from tools/datasets.registry.json (the dataset generator appends there). */
export const DATASETS: readonly DatasetEntry[] = facts.datasets;

export function findDataset(name: string): DatasetEntry {
  const dataset = DATASETS.find((d) => d.name === name);
  if (!dataset)
    throw new Error(`unknown dataset "${name}"; known: ${DATASETS.map((d) => d.name).join(', ')}`);
  return dataset;
}
