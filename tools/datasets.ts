/** Every dataset and app the platform runs; the dataset generator appends here. */
export interface DatasetEntry {
  readonly name: string;
  readonly api: { readonly project: string; readonly port: number };
  readonly sync: {
    readonly project: string;
    readonly port: number;
    readonly sources: readonly string[];
  };
}

export const DATASETS: readonly DatasetEntry[] = [
  {
    name: 'places',
    api: { project: 'places-api', port: 3101 },
    sync: { project: 'places-sync', port: 3201, sources: ['cms-places', 'cms-points-of-interest'] },
  },
  {
    name: 'articles',
    api: { project: 'articles-api', port: 3102 },
    // One source per WordPress site of articles-sync's default WORDPRESS_SITES (`wp-<site>`).
    sync: { project: 'articles-sync', port: 3202, sources: ['wp-guides', 'wp-news'] },
  },
];

export function findDataset(name: string): DatasetEntry {
  const dataset = DATASETS.find((d) => d.name === name);
  if (!dataset)
    throw new Error(`unknown dataset "${name}"; known: ${DATASETS.map((d) => d.name).join(', ')}`);
  return dataset;
}
