export * from './lib/lodging.write-repository';
