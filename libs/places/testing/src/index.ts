export * from './lib/fixture-places';
