export * from './lib/tour.read-repository';
