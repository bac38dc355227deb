export * from './lib/read.types';
export * from './lib/place.read-repository';
export * from './lib/point-of-interest.read-repository';
