export * from './lib/google-places.types';
export * from './lib/google-places.hours';
export * from './lib/google-places.field-mask';
export * from './lib/google-places.stand-in';
export * from './lib/google-places.fixture';
