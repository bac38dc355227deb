export * from './lib/cms.tables';
export * from './lib/cms.schema';
export * from './lib/cms.writer';
export * from './lib/cms.fixture';
