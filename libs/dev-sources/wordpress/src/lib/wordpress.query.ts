/** A WordPress REST error: `{code, message, data: {status, ...}}`, the shape every WP error has. */
export interface WpError {
  readonly status: number;
  readonly body: {
    readonly code: string;
    readonly message: string;
    readonly data: Record<string, unknown> & { readonly status: number };
  };
}

export const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 10;
const ORDER_BY = [
  'author',
  'date',
  'id',
  'include',
  'modified',
  'parent',
  'relevance',
  'slug',
  'include_slugs',
  'title',
] as const;
export type WpOrderBy = (typeof ORDER_BY)[number];
const ORDERS = ['asc', 'desc'] as const;

/** What `_embed` asks for: everything embeddable, or the named link relations. */
export type WpEmbed = 'all' | ReadonlySet<string>;

/** The parameters of `GET /wp/v2/posts` the stand-in honours; WordPress ignores unknown ones too. */
export interface WpPostsQuery {
  readonly page: number;
  readonly perPage: number;
  readonly modifiedAfter: Date | null;
  readonly modifiedBefore: Date | null;
  readonly orderBy: WpOrderBy;
  readonly order: 'asc' | 'desc';
  readonly include: readonly number[] | null;
  readonly embed: WpEmbed | null;
  readonly fields: readonly string[] | null;
}

export function wpError(
  status: number,
  code: string,
  message: string,
  data: Record<string, unknown> = {},
): WpError {
  return { status, body: { code, message, data: { status, ...data } } };
}

/** `rest_invalid_param` naming each bad parameter, as WordPress's schema validation answers. */
function invalidParams(problems: Record<string, { code: string; message: string }>): WpError {
  const names = Object.keys(problems);
  return wpError(400, 'rest_invalid_param', `Invalid parameter(s): ${names.join(', ')}`, {
    params: Object.fromEntries(names.map((n) => [n, problems[n]!.message])),
    details: Object.fromEntries(names.map((n) => [n, { ...problems[n], data: null }])),
  });
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an RFC 3339 date-time as `rest_parse_date` does; without an offset it is the site's local
 * time. Fractions are dropped: WordPress compares whole seconds.
 */
export function parseWpDate(value: string, utcOffsetMinutes: number): Date | null {
  const m = DATE_TIME.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, , zone] = m;
  let offset = utcOffsetMinutes;
  if (zone && zone.toUpperCase() === 'Z') offset = 0;
  else if (zone) {
    const digits = zone.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
    offset = zone.startsWith('-') ? -minutes : minutes;
  }
  const utc = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!) - offset * 60_000;
  return Number.isNaN(utc) ? null : new Date(utc);
}

/** `a,b` or repeated `name[]=a&name[]=b`, as WordPress accepts lists. */
function list(params: URLSearchParams, name: string): string[] | null {
  const values = [...params.getAll(name), ...params.getAll(`${name}[]`)];
  if (values.length === 0) return null;
  return values.flatMap((v) => v.split(',')).map((v) => v.trim());
}

function parseEmbed(params: URLSearchParams): WpEmbed | null {
  if (!params.has('_embed')) return null;
  const rels = list(params, '_embed')!.filter((v) => v !== '');
  if (rels.length === 0 || rels.some((r) => r === '1' || r === 'true')) return 'all';
  return new Set(rels);
}

/** Validates the query of a posts collection request; a bad parameter gets WordPress's 400. */
export function parsePostsQuery(
  params: URLSearchParams,
  utcOffsetMinutes: number,
): WpPostsQuery | WpError {
  const problems: Record<string, { code: string; message: string }> = {};
  const integer = (name: string, fallback: number, min: number, max?: number): number => {
    const raw = params.get(name);
    if (raw === null || raw === '') return fallback;
    if (!/^-?\d+$/.test(raw)) {
      problems[name] = { code: 'rest_invalid_type', message: `${name} is not of type integer.` };
      return fallback;
    }
    const value = Number(raw);
    if (value < min || (max !== undefined && value > max)) {
      problems[name] = {
        code: 'rest_out_of_bounds',
        message:
          max === undefined
            ? `${name} must be greater than or equal to ${min}`
            : `${name} must be between ${min} (inclusive) and ${max} (inclusive)`,
      };
    }
    return value;
  };
  const date = (name: string): Date | null => {
    const raw = params.get(name);
    if (raw === null) return null;
    const parsed = parseWpDate(raw, utcOffsetMinutes);
    if (!parsed) problems[name] = { code: 'rest_invalid_date', message: 'Invalid date.' };
    return parsed;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = params.get(name);
    if (raw === null) return fallback;
    if (!allowed.includes(raw as T)) {
      problems[name] = {
        code: 'rest_not_in_enum',
        message: `${name} is not one of ${allowed.join(', ')}.`,
      };
    }
    return raw as T;
  };

  const page = integer('page', 1, 1);
  const perPage = integer('per_page', DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
  const modifiedAfter = date('modified_after');
  const modifiedBefore = date('modified_before');
  const orderBy = oneOf('orderby', ORDER_BY, 'date');
  const order = oneOf('order', ORDERS, 'desc');
  const includeRaw = list(params, 'include');
  if (includeRaw?.some((v) => !/^\d+$/.test(v))) {
    problems['include'] = {
      code: 'rest_invalid_type',
      message: 'include[0] is not of type integer.',
    };
  }
  const fields = list(params, '_fields')?.filter((f) => f !== '') ?? null;
  if (Object.keys(problems).length > 0) return invalidParams(problems);
  return {
    page,
    perPage,
    modifiedAfter,
    modifiedBefore,
    orderBy,
    order,
    include: includeRaw?.map(Number) ?? null,
    embed: parseEmbed(params),
    fields: fields && fields.length > 0 ? fields : null,
  };
}
