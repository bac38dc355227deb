import { randomUUID } from 'node:crypto';
import { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  ListenOptions,
  applyFailures,
  listenStandIn,
  requestUrl,
  sendJson,
} from '@waypost/dev-sources/http';
import {
  DossierListQuery,
  G_DEFAULT_PER_PAGE,
  G_MAX_PER_PAGE,
  G_SORT_FIELDS,
  GAdventuresCatalogue,
  GRoute,
  GSortField,
} from './gadventures.catalogue';
import { GDossierRecord } from './gadventures.types';

export interface GAdventuresHandlerOptions {
  /** The path the stand-in is mounted under (`/gadventures`), so its `href`s resolve. */
  readonly pathPrefix?: string;
}

const LIST = /^\/tour_dossiers\/?$/;
const ONE = /^\/tour_dossiers\/(\d+)\/?$/;
const DEPARTURES = /^\/tour_dossiers\/(\d+)\/departures\/?$/;

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  errors: readonly { field: string; message: string }[] = [],
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    status,
    {
      http_status_code: status,
      message,
      errors,
      time: new Date().toISOString(),
      error_id: `gapi_${randomUUID().replace(/-/g, '')}`,
    },
    headers,
  );
}

/** Deep copy with every `href` path made absolute against `base`. */
function absolute<T>(value: T, base: string): T {
  if (Array.isArray(value)) return value.map((v) => absolute(v, base)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === 'href' && typeof v === 'string' && v.startsWith('/')
        ? `${base}${v}`
        : absolute(v, base),
    ]),
  ) as T;
}

const fullDossier = (r: GDossierRecord) => ({ ...r.dossier, ...r.raw });
function stub(r: GDossierRecord) {
  const d = fullDossier(r);
  return {
    id: d.id,
    href: d.href,
    name: d.name,
    product_line: d.product_line,
    date_created: d.date_created,
    date_last_modified: d.date_last_modified,
  };
}

type Problems = { field: string; message: string }[];

function integer(
  params: URLSearchParams,
  name: string,
  fallback: number,
  max: number,
  problems: Problems,
) {
  const raw = params.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    problems.push({ field: name, message: `must be an integer from 1 to ${max}` });
    return fallback;
  }
  return Number(raw);
}

function parseListQuery(params: URLSearchParams): DossierListQuery | Problems {
  const problems: Problems = [];
  const page = integer(params, 'page', 1, Number.MAX_SAFE_INTEGER, problems);
  const perPage = integer(params, 'max_per_page', G_DEFAULT_PER_PAGE, G_MAX_PER_PAGE, problems);
  const asc = params.get('order_by__asc');
  const desc = params.get('order_by__desc');
  const order = desc ?? asc ?? 'id';
  if (asc !== null && desc !== null) {
    problems.push({
      field: 'order_by__desc',
      message: 'order by one field, ascending or descending',
    });
  } else if (!G_SORT_FIELDS.includes(order as GSortField)) {
    problems.push({
      field: desc !== null ? 'order_by__desc' : 'order_by__asc',
      message: `must be one of ${G_SORT_FIELDS.join(', ')}`,
    });
  }
  const date = (name: string): Date | null => {
    const raw = params.get(name);
    if (raw === null) return null;
    const parsed = new Date(raw);
    if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(parsed.getTime())) {
      problems.push({ field: name, message: 'must be an ISO 8601 date or date-time' });
      return null;
    }
    return parsed;
  };
  const query: DossierListQuery = {
    page,
    perPage,
    orderBy: order as GSortField,
    descending: desc !== null,
    modifiedAfter: date('date_last_modified__gt'),
    modifiedFrom: date('date_last_modified__gte'),
    modifiedBefore: date('date_last_modified__lt'),
  };
  return problems.length > 0 ? problems : query;
}

/** The list envelope: `{count, max_per_page, current_page, results, links}`. */
function envelope(
  results: readonly unknown[],
  count: number,
  page: number,
  perPage: number,
  url: URL,
  base: string,
) {
  const link = (p: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.set('page', String(p));
    return `${base}${url.pathname}?${params}`;
  };
  const links: { href: string; rel: 'next' | 'prev' }[] = [];
  if (page > 1) links.push({ href: link(page - 1), rel: 'prev' });
  if (page * perPage < count) links.push({ href: link(page + 1), rel: 'next' });
  return { count, max_per_page: perPage, current_page: page, results, links };
}

async function answer(
  catalogue: GAdventuresCatalogue,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  base: string,
): Promise<void> {
  const key = req.headers['x-application-key'];
  if (typeof key !== 'string' || !catalogue.apiKeys.has(key)) {
    return sendError(res, 401, 'Invalid or missing X-Application-Key');
  }
  const budget = catalogue.budget.take(key);
  if (!budget.allowed) {
    return sendError(res, 429, 'Too Many Requests', [], {
      'Retry-After': String(budget.resetSeconds),
    });
  }
  const path = url.pathname;
  const one = ONE.exec(path) ?? DEPARTURES.exec(path);
  const failureKeys = LIST.test(path)
    ? [`list:${url.searchParams.get('page') ?? '1'}`]
    : one
      ? ONE.test(path)
        ? ['tour_dossier', `tour_dossier:${one[1]}`]
        : ['departures', `departures:${one[1]}`]
      : [];
  const outcome = await applyFailures(catalogue.failures.take(failureKeys, url.searchParams), (s) =>
    sendError(res, s, 'Internal Server Error'),
  );
  if (outcome === 'answered') return;
  if (req.method !== 'GET') return sendError(res, 405, 'Method Not Allowed');

  if (LIST.test(path)) {
    const query = parseListQuery(url.searchParams);
    if (Array.isArray(query)) return sendError(res, 400, 'Bad Request', query);
    const { results, count } = catalogue.list(query);
    if (query.page > 1 && results.length === 0) return sendError(res, 404, 'Page Not Found');
    return sendJson(
      res,
      200,
      envelope(absolute(results.map(stub), base), count, query.page, query.perPage, url, base),
    );
  }
  const record = one ? catalogue.dossier(one[1]!) : undefined;
  if (!record) return sendError(res, 404, 'Not Found');
  if (ONE.test(path)) return sendJson(res, 200, absolute(fullDossier(record), base));
  const problems: Problems = [];
  const page = integer(url.searchParams, 'page', 1, Number.MAX_SAFE_INTEGER, problems);
  const perPage = integer(
    url.searchParams,
    'max_per_page',
    G_DEFAULT_PER_PAGE,
    G_MAX_PER_PAGE,
    problems,
  );
  if (problems.length > 0) return sendError(res, 400, 'Bad Request', problems);
  const departures = record.departures.slice((page - 1) * perPage, page * perPage);
  sendJson(
    res,
    200,
    envelope(absolute(departures, base), record.departures.length, page, perPage, url, base),
  );
}

const routeOf = (path: string): GRoute | null =>
  LIST.test(path)
    ? 'tour_dossiers'
    : ONE.test(path)
      ? 'tour_dossier'
      : DEPARTURES.test(path)
        ? 'departures'
        : null;

/**
 * The G Adventures REST API as the stand-in serves it: `GET /tour_dossiers` (stubs in the list
 * envelope with `links`; `page`, `max_per_page` up to 100, `order_by__asc`/`order_by__desc`,
 * `date_last_modified__gt`/`__gte`/`__lt`), `GET /tour_dossiers/{id}` and
 * `GET /tour_dossiers/{id}/departures`, behind `X-Application-Key`, with 429 + `Retry-After`.
 */
export function gAdventuresRequestHandler(
  catalogue: GAdventuresCatalogue,
  options: GAdventuresHandlerOptions = {},
): RequestListener {
  return (req, res) => {
    const url = requestUrl(req);
    const logged = catalogue.record(routeOf(url.pathname), url.pathname, url.searchParams);
    res.once('finish', () => (logged.status = res.statusCode));
    const base = `${url.origin}${options.pathPrefix ?? ''}`;
    answer(catalogue, req, res, url, base).catch((error: unknown) =>
      sendError(res, 500, String(error)),
    );
  };
}

export interface GAdventuresStandIn {
  readonly url: string;
  readonly catalogue: GAdventuresCatalogue;
  close(): Promise<void>;
}

/** Serves the catalogue alone on its own port (tests); `dev-sources serve` mounts the handler. */
export async function startGAdventuresStandIn(
  catalogue: GAdventuresCatalogue,
  options: ListenOptions = {},
): Promise<GAdventuresStandIn> {
  const server = await listenStandIn(gAdventuresRequestHandler(catalogue), options);
  return { url: server.url, catalogue, close: () => server.close() };
}
