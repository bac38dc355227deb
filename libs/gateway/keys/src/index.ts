export * from './lib/tables';
export * from './lib/migrations';
export * from './lib/api-key';
export * from './lib/api-key.repository';
export * from './lib/key-revocation.channel';
