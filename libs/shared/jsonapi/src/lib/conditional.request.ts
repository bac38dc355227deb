import { createHash } from 'node:crypto';

/**
 * A weak ETag (`W/"..."`) from a hash of the parts, e.g. the dataset's last-sync marker, the
 * request URL and a body hash. Strings go in as they are, Dates as ISO strings, anything else as JSON.
 */
export function etagFor(...parts: unknown[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(serializePart(part));
    hash.update('\u0000'); // keeps ('ab', 'c') apart from ('a', 'bc')
  }
  return `W/"${hash.digest('base64url').slice(0, 27)}"`;
}

/**
 * Whether `If-None-Match` matches the ETag (weak comparison, RFC 9110 13.1.2): a list of tags,
 * with or without `W/`, or `*`.
 */
export function isNotModified(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  const header = Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch;
  if (!header) return false;
  if (header.trim() === '*') return true;
  const wanted = opaqueTag(etag);
  return [...header.matchAll(/(?:W\/)?"([^"]*)"/g)].some((match) => match[1] === wanted);
}

function opaqueTag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

function serializePart(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part instanceof Date) return part.toISOString();
  if (typeof part === 'bigint') return `${part}n`;
  return JSON.stringify(part) ?? 'undefined';
}
