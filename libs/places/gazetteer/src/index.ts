export * from './lib/gazetteer';
export * from './lib/mention.resolver';
