export * from './lib/database';
export * from './lib/migrations';
export * from './lib/admin';
export * from './lib/geo';
export * from './lib/sync-tables';
export * from './lib/keyset';
