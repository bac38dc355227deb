import { generateApiKey, hashApiKey, isWellFormedApiKey, shownPrefixOf } from './api-key';

describe('API keys', () => {
  it('are 32 random bytes in base64url after wp_live_, never twice the same', () => {
    const keys = new Set(Array.from({ length: 100 }, generateApiKey));
    expect(keys.size).toBe(100);
    for (const key of keys) {
      expect(key).toMatch(/^wp_live_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(key.slice('wp_live_'.length), 'base64url')).toHaveLength(32);
      expect(isWellFormedApiKey(key)).toBe(true);
    }
  });

  it('rejects anything else before a lookup', () => {
    const key = generateApiKey();
    for (const candidate of [
      '',
      'wp_live_',
      key.slice(0, -1),
      `${key}x`,
      key.replace('live', 'test'),
    ])
      expect(isWellFormedApiKey(candidate)).toBe(false);
  });

  it('hash to a stable sha256 and show only their first characters', () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(hashApiKey(key)).not.toBe(hashApiKey(generateApiKey()));
    expect(shownPrefixOf(key)).toBe(key.slice(0, 12));
  });
});
