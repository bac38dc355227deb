export * from './lib/place.write-repository';
export * from './lib/point-of-interest.write-repository';
