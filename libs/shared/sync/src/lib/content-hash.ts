import { createHash } from 'node:crypto';

/** A stable hash of a mapped row, so unchanged rows are recognised and not rewritten. */
export function contentHash(value: unknown): string {
  return createHash('sha1').update(stableStringify(value)).digest('base64url');
}

// Plain loops and string concatenation: this runs for every synced row (half the time the
// entries/filter/sort/map version took), and its output must never change, or every row rewrites.
function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + stableStringify(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '';
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined) continue;
    out += `${out === '' ? '' : ','}${JSON.stringify(key)}:${stableStringify(member)}`;
  }
  return `{${out}}`;
}
