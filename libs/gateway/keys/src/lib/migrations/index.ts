import { SchemaMigrations } from '@waypost/shared/db';
import { GATEWAY_SCHEMA } from '../tables';
import { createApiKeys } from './202611220001_api_keys';

export const GATEWAY_MIGRATIONS: SchemaMigrations = {
  schema: GATEWAY_SCHEMA,
  migrations: {
    '202611220001_api_keys': createApiKeys,
  },
};
