export * from './lib/viator.types';
export * from './lib/viator.catalogue';
export * from './lib/viator.stand-in';
export * from './lib/tour-fixture.places';
export * from './lib/viator.fixture';
