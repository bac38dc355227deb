export * from './lib/onix.types';
export * from './lib/isbn.util';
export * from './lib/onix.render';
export * from './lib/onix.catalogue';
export * from './lib/onix-feed.stand-in';
export * from './lib/onix.fixture';
