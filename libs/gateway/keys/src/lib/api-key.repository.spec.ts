import { TestDatabase, createTestDatabase } from '@waypost/shared/testing';
import { hashApiKey } from './api-key';
import { ApiKeyRepository } from './api-key.repository';
import { GatewayDatabase } from './tables';

describe('ApiKeyRepository on a real database', () => {
  let database: TestDatabase<GatewayDatabase>;
  let keys: ApiKeyRepository;

  beforeAll(async () => {
    database = await createTestDatabase<GatewayDatabase>();
    keys = new ApiKeyRepository(database.db);
  });
  afterAll(() => database.drop());

  it('stores only the hash and finds the key by it until it is revoked', async () => {
    const { key, record } = await keys.create({
      name: 'web',
      plan: 'first-party',
      allowedOrigins: ['https://app.example.com'],
    });

    const stored = await database.db.selectFrom('gateway.apiKeys').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(key);
    expect(stored).toEqual([expect.objectContaining({ id: record.id, keyHash: hashApiKey(key) })]);
    expect(await keys.findActiveByHash(hashApiKey(key))).toEqual(record);
    expect(record).toMatchObject({
      name: 'web',
      plan: 'first-party',
      allowedOrigins: ['https://app.example.com'],
      keyPrefix: key.slice(0, 12),
      revokedAt: null,
    });

    const revoked = await keys.revoke(record.id);
    expect(revoked?.revokedAt).toBeInstanceOf(Date);
    expect(await keys.findActiveByHash(hashApiKey(key))).toBeUndefined();
    expect((await keys.revoke(record.id))?.revokedAt).toEqual(revoked?.revokedAt);
    expect(await keys.revoke('key_unknown')).toBeUndefined();
  });

  it('lists every key, revoked ones included, oldest first', async () => {
    const first = await keys.create({ name: 'partner-a', plan: 'partner' });
    const second = await keys.create({ name: 'trial-b', plan: 'trial' });
    await keys.revoke(first.record.id);

    const ids = (await keys.list()).map((record) => record.id);
    expect(ids.indexOf(first.record.id)).toBeLessThan(ids.indexOf(second.record.id));
    expect(await keys.findById(first.record.id)).toMatchObject({ revokedAt: expect.any(Date) });
  });
});
