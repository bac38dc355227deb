export * from './lib/tour.write-repository';
