import sanitizeHtml from 'sanitize-html';
import { isValidIsbn13 } from './isbn13';
import { OnixProductRecord } from './onix.record';

export type { OnixProductRecord } from './onix.record';

/** A product the sync can write, before its places are resolved. */
export interface OnixBook {
  readonly recordReference: string;
  readonly isbn13: string;
  readonly title: string;
  readonly subtitle: string | null;
  readonly contributors: readonly { readonly name: string; readonly role: string }[];
  readonly format: 'print' | 'ebook';
  readonly formatDetail: 'hardback' | 'paperback' | 'epub' | 'pdf' | null;
  readonly language: string | null;
  readonly publisher: string | null;
  readonly publishedAt: Date;
  readonly description: string | null;
  readonly prices: readonly { amount: string; currency: string; includesTax: boolean }[];
  readonly availability: 'available' | 'unavailable';
  /** Thema place qualifiers (scheme 94). */
  readonly themaPlaces: readonly string[];
  /** Keywords (scheme 20), split at `;`. */
  readonly keywords: readonly string[];
  readonly updatedAt: Date;
}

export type ParsedOnixProduct =
  | { readonly kind: 'book'; readonly book: OnixBook }
  | { readonly kind: 'delete'; readonly recordReference: string; readonly updatedAt: Date }
  | { readonly kind: 'invalid'; readonly recordReference: string | null; readonly reason: string };

const FORMS: Readonly<
  Record<string, { format: 'print' | 'ebook'; detail: OnixBook['formatDetail'] }>
> = {
  BB: { format: 'print', detail: 'hardback' },
  BC: { format: 'print', detail: 'paperback' },
  ED: { format: 'ebook', detail: null },
  EA: { format: 'ebook', detail: null },
};
const DIGITAL_DETAILS: Readonly<Record<string, 'epub' | 'pdf'>> = { E101: 'epub', E107: 'pdf' };

/** What a description may keep: text structure and emphasis, no links, images or scripts. */
const DESCRIPTION_POLICY: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'b', 'strong', 'i', 'em', 'ul', 'ol', 'li', 'blockquote', 'h3', 'h4'],
  allowedAttributes: {},
  disallowedTagsMode: 'discard',
};

/** ONIX's compact date-time (`20261204T153000Z`, seconds and zone optional) → Date. */
export function parseOnixDateTime(value: string | null): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?Z?)?$/.exec(value ?? '');
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${mo}-${d}`
    ? null
    : date;
}

/** Validates a feed product and maps it: a book, a deletion (`05`) or why it cannot be synced. */
export function parseOnixProduct(p: OnixProductRecord): ParsedOnixProduct {
  const recordReference = p.recordReference.trim() || null;
  const invalid = (reason: string): ParsedOnixProduct => ({
    kind: 'invalid',
    recordReference,
    reason,
  });
  if (!recordReference) return invalid('it has no RecordReference');
  const updatedAt = parseOnixDateTime(p.datestamp);
  if (!updatedAt) return invalid(`its datestamp "${p.datestamp ?? ''}" is not an ONIX date-time`);
  if (p.notification === '05') return { kind: 'delete', recordReference, updatedAt };
  if (p.notification !== '03' && p.notification !== '04' && p.notification !== '02') {
    return invalid(`NotificationType "${p.notification}" is not one the sync knows`);
  }
  if (p.isbn13 === null) return invalid('it has no ISBN-13 (ProductIDType 15)');
  if (!isValidIsbn13(p.isbn13)) {
    return invalid(
      /^\d{13}$/.test(p.isbn13)
        ? `ISBN-13 ${p.isbn13} has a wrong check digit`
        : `ISBN-13 "${p.isbn13}" is not 13 digits`,
    );
  }
  const title = p.title?.trim();
  if (!title) return invalid('it has no title');
  const form = FORMS[p.productForm ?? ''];
  if (!form) return invalid(`ProductForm "${p.productForm ?? ''}" is not a book or e-book form`);
  const publishedAt = parseOnixDateTime(p.publishingDate);
  if (!publishedAt) {
    return invalid(`its publication date "${p.publishingDate ?? ''}" is not YYYYMMDD`);
  }
  const detail =
    form.detail ?? p.productFormDetails.map((d) => DIGITAL_DETAILS[d]).find((d) => d) ?? null;
  const language = p.language?.trim().toLowerCase() ?? '';
  const prices = p.prices.flatMap((price) =>
    /^\d+(\.\d{1,2})?$/.test(price.amount ?? '') && /^[A-Z]{3}$/.test(price.currency ?? '')
      ? [
          {
            amount: Number(price.amount).toFixed(2),
            currency: price.currency!,
            includesTax: price.type !== '01',
          },
        ]
      : [],
  );
  const description = p.description
    ? sanitizeHtml(p.description, DESCRIPTION_POLICY).trim() || null
    : null;
  return {
    kind: 'book',
    book: {
      recordReference,
      isbn13: p.isbn13,
      title,
      subtitle: p.subtitle?.trim() || null,
      contributors: p.contributors.map((c) => ({ name: c.name.trim(), role: c.role })),
      format: form.format,
      formatDetail: detail,
      language: /^[a-z]{3}$/.test(language) ? language : null,
      publisher: p.publisher?.trim() || null,
      publishedAt,
      description,
      prices,
      availability:
        p.availability === '20' || p.availability === '21' ? 'available' : 'unavailable',
      themaPlaces: p.subjects.flatMap((s) => (s.scheme === '94' && s.code ? [s.code] : [])),
      keywords: p.subjects.flatMap((s) =>
        s.scheme === '20' && s.text
          ? s.text
              .split(';')
              .map((k) => k.trim())
              .filter((k) => k !== '')
          : [],
      ),
      updatedAt,
    },
  };
}
