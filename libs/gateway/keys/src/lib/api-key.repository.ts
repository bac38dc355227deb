import { Kysely, Selectable } from 'kysely';
import { ApiKeysTable, GatewayDatabase } from './tables';
import { generateApiKey, generateApiKeyId, hashApiKey, shownPrefixOf } from './api-key';

/** A stored key, without its hash. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly plan: string;
  readonly keyPrefix: string;
  readonly allowedOrigins: readonly string[];
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

export interface NewApiKey {
  readonly name: string;
  readonly plan: string;
  /** Web origins (`https://app.example.com`) a browser key is restricted to; empty: any caller. */
  readonly allowedOrigins?: readonly string[];
}

/** A key just created: the only moment the plaintext key exists outside the caller's hands. */
export interface CreatedApiKey {
  readonly key: string;
  readonly record: ApiKeyRecord;
}

const RECORD_COLUMNS = [
  'id',
  'name',
  'plan',
  'keyPrefix',
  'allowedOrigins',
  'createdAt',
  'revokedAt',
] as const;

/** Reads and writes `gateway.api_keys`; stores keys only as sha256 hashes. */
export class ApiKeyRepository {
  constructor(private readonly db: Kysely<GatewayDatabase>) {}

  async create(input: NewApiKey): Promise<CreatedApiKey> {
    const key = generateApiKey();
    const record = await this.db
      .insertInto('gateway.apiKeys')
      .values({
        id: generateApiKeyId(),
        name: input.name,
        plan: input.plan,
        keyHash: hashApiKey(key),
        keyPrefix: shownPrefixOf(key),
        allowedOrigins: [...(input.allowedOrigins ?? [])],
      })
      .returning(RECORD_COLUMNS)
      .executeTakeFirstOrThrow();
    return { key, record: toRecord(record) };
  }

  /** The key with this hash unless it is unknown or revoked. */
  async findActiveByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db
      .selectFrom('gateway.apiKeys')
      .select(RECORD_COLUMNS)
      .where('keyHash', '=', keyHash)
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async findById(id: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db
      .selectFrom('gateway.apiKeys')
      .select(RECORD_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Every key, oldest first, revoked ones included. */
  async list(): Promise<ApiKeyRecord[]> {
    const rows = await this.db
      .selectFrom('gateway.apiKeys')
      .select(RECORD_COLUMNS)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  /** Revokes the key (idempotent: the first revocation time is kept); undefined if unknown. */
  async revoke(id: string): Promise<ApiKeyRecord | undefined> {
    await this.db
      .updateTable('gateway.apiKeys')
      .set({ revokedAt: new Date() })
      .where('id', '=', id)
      .where('revokedAt', 'is', null)
      .execute();
    return this.findById(id);
  }
}

type RecordRow = Pick<Selectable<ApiKeysTable>, (typeof RECORD_COLUMNS)[number]>;

function toRecord(row: RecordRow): ApiKeyRecord {
  return { ...row, allowedOrigins: row.allowedOrigins ?? [] };
}
