export * from './lib/env';
export * from './lib/base-config';
