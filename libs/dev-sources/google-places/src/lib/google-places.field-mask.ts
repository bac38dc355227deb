import { GooglePlace } from './google-places.types';

/** The top-level fields of a place the stand-in serves (a mask may name their sub-fields). */
export const GOOGLE_PLACE_FIELDS = [
  'id',
  'name',
  'displayName',
  'formattedAddress',
  'location',
  'regularOpeningHours',
  'utcOffsetMinutes',
  'websiteUri',
  'rating',
  'userRatingCount',
  'businessStatus',
  'types',
] as const;

// Sub-fields a mask may name, per top-level field.
const SUB_FIELDS: Readonly<Record<string, readonly string[]>> = {
  displayName: ['text', 'languageCode'],
  location: ['latitude', 'longitude'],
  regularOpeningHours: ['periods', 'weekdayDescriptions', 'openNow'],
};

export type FieldMask = '*' | readonly (readonly string[])[];

/** Parses `X-Goog-FieldMask`; returns the path Google would name in its error when one is unknown. */
export function parseFieldMask(
  header: string | undefined,
): { mask: FieldMask } | { invalidPath: string } | { missing: true } {
  if (header === undefined || header.trim() === '') return { missing: true };
  const paths = header.split(',').map((p) => p.trim());
  if (paths.includes('*')) return { mask: '*' };
  const mask: string[][] = [];
  for (const path of paths) {
    const parts = path.split('.');
    const [top, sub, ...deeper] = parts;
    const known =
      (GOOGLE_PLACE_FIELDS as readonly string[]).includes(top!) &&
      (sub === undefined || (SUB_FIELDS[top!]?.includes(sub) ?? false)) &&
      deeper.length === 0;
    if (!known) return { invalidPath: path };
    mask.push(parts);
  }
  return { mask };
}

/** The place as the API answers it under a mask: only the masked fields it has. */
export function applyFieldMask(place: GooglePlace, mask: FieldMask): Record<string, unknown> {
  const full: Record<string, unknown> = { name: `places/${place.id}`, ...place };
  if (mask === '*') return full;
  const answer: Record<string, unknown> = {};
  for (const [top, sub] of mask) {
    const value = full[top!];
    if (value === undefined) continue;
    if (sub === undefined) {
      answer[top!] = value;
      continue;
    }
    const inner = (value as Record<string, unknown>)[sub];
    if (inner === undefined) continue;
    const target = (answer[top!] ??= {}) as Record<string, unknown>;
    target[sub] = inner;
  }
  return answer;
}
