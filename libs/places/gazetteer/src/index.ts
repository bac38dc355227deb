export * from './lib/gazetteer';
