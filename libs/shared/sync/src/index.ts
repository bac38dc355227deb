export * from './lib/sync.types';
export * from './lib/sync.metrics';
export * from './lib/sync.runner';
export * from './lib/sync.queue';
export * from './lib/content-hash';
export * from './lib/sync-worker.health-indicator';
export * from './lib/sync-worker.host';
export * from './lib/sync-worker.module';
