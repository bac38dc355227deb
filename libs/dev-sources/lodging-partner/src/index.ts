export * from './lib/lodging-partner.types';
export * from './lib/lodging-partner.model';
export * from './lib/lodging-partner.stand-in';
export * from './lib/lodging-partner.fixture';
