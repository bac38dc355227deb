import { createHash, randomBytes } from 'node:crypto';

/** Every key starts with this, so that leaked keys are easy to spot (secret scanners, logs). */
export const API_KEY_PREFIX = 'wp_live_';
const API_KEY_PATTERN = /^wp_live_[A-Za-z0-9_-]{43}$/;
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 4;

/** A new key: 32 random bytes, base64url, after `wp_live_`. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** Whether `candidate` has the shape of a key, checked before any lookup. */
export function isWellFormedApiKey(candidate: string): boolean {
  return API_KEY_PATTERN.test(candidate);
}

/**
 * sha256 of the key, hex. A fast hash is right here: keys carry 256 random bits, so there is no
 * dictionary to slow down, and the lookup runs on every request.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The part of a key that listings show (`wp_live_AbCd`). */
export function shownPrefixOf(key: string): string {
  return key.slice(0, SHOWN_PREFIX_LENGTH);
}

/** A new key id (`key_` and 16 hex digits): the only name of a key in logs and listings. */
export function generateApiKeyId(): string {
  return `key_${randomBytes(8).toString('hex')}`;
}
