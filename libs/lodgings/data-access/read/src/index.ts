export * from './lib/lodging.read-repository';
