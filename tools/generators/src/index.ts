export { datasetGenerator } from './dataset/dataset.generator';
export type { DatasetGeneratorSchema } from './dataset/dataset.generator';
export { sourceGenerator } from './source/source.generator';
export type { SourceGeneratorSchema } from './source/source.generator';
