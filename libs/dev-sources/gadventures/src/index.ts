export * from './lib/gadventures.types';
export * from './lib/gadventures.catalogue';
export * from './lib/gadventures.stand-in';
export * from './lib/gadventures.fixture';
