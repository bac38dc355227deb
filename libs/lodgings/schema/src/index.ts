export * from './lib/tables';
export * from './lib/migrations';
