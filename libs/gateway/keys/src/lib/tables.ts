import { ColumnType } from 'kysely';

// The one place the gateway schema's row types are written down; they mirror migrations/.
export const GATEWAY_SCHEMA = 'gateway';

export interface ApiKeysTable {
  id: string;
  name: string;
  plan: string;
  /** sha256 of the whole key, hex: the key itself is never stored. */
  keyHash: string;
  /** The key's first characters, to recognise it in listings. */
  keyPrefix: string;
  allowedOrigins: ColumnType<string[], string[] | undefined, string[]>;
  createdAt: ColumnType<Date, Date | string | undefined, Date | string>;
  revokedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type GatewayDatabase = {
  'gateway.apiKeys': ApiKeysTable;
};
