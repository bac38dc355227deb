export * from './lib/env';
export * from './lib/base-config';
export * from './lib/run-app';
