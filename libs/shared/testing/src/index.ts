export * from './lib/test-database';
export * from './lib/jsonapi-schema';
export * from './lib/openapi';
export * from './lib/app-process';
export * from './lib/jsonapi-client';
