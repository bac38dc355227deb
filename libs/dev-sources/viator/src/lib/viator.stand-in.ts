import { randomUUID } from 'node:crypto';
import { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  ListenOptions,
  applyFailures,
  listenStandIn,
  requestUrl,
  sendJson,
} from '@waypost/dev-sources/http';
import { MAX_FEED_COUNT, ViatorCatalogue, ViatorRoute } from './viator.catalogue';
import { ViatorProductRecord } from './viator.types';

const ACCEPT_V2 = /application\/json;\s*version=2\.0/i;
const DEFAULT_COUNT = 50;
const ROUTES: Record<string, ViatorRoute> = {
  '/products/modified-since': 'products',
  '/destinations': 'destinations',
};

/** The cursor is opaque to clients: the feed position of the last product they were sent. */
export function encodeViatorCursor(position: number): string {
  return Buffer.from(`feed:${position}`).toString('base64url');
}

export function decodeViatorCursor(cursor: string): number | null {
  const match = /^feed:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}

function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    status,
    { code, message, timestamp: new Date().toISOString(), trackingId: randomUUID() },
    headers,
  );
}

const wire = ({ raw, ...fields }: ViatorProductRecord) => ({ ...fields, ...raw });

function answerFeed(
  catalogue: ViatorCatalogue,
  url: URL,
  res: ServerResponse,
  headers: Record<string, string>,
) {
  const params = url.searchParams;
  const rawCount = params.get('count') ?? String(DEFAULT_COUNT);
  if (!/^\d+$/.test(rawCount) || Number(rawCount) < 1 || Number(rawCount) > MAX_FEED_COUNT) {
    return sendError(
      res,
      400,
      'BAD_REQUEST',
      `count must be between 1 and ${MAX_FEED_COUNT}`,
      headers,
    );
  }
  const cursor = params.get('cursor');
  const since = params.get('modified-since');
  if (cursor !== null && since !== null) {
    return sendError(
      res,
      400,
      'BAD_REQUEST',
      'Use either cursor or modified-since, not both',
      headers,
    );
  }
  const after = cursor === null ? 0 : decodeViatorCursor(cursor);
  if (after === null) return sendError(res, 400, 'BAD_REQUEST', 'Invalid cursor', headers);
  const sinceDate = since === null ? null : new Date(since);
  if (sinceDate && Number.isNaN(sinceDate.getTime())) {
    return sendError(
      res,
      400,
      'BAD_REQUEST',
      'modified-since must be an ISO 8601 date-time',
      headers,
    );
  }
  const page = catalogue.feedPage(after, Number(rawCount), sinceDate);
  sendJson(
    res,
    200,
    {
      products: page.products.map(wire),
      ...(page.more ? { nextCursor: encodeViatorCursor(page.lastPosition) } : {}),
    },
    headers,
  );
}

async function answer(
  catalogue: ViatorCatalogue,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  route: ViatorRoute | null,
): Promise<void> {
  const key = req.headers['exp-api-key'];
  if (typeof key !== 'string' || !catalogue.apiKeys.has(key)) {
    return sendError(res, 401, 'UNAUTHORIZED', 'Missing or invalid exp-api-key');
  }
  const budget = catalogue.budget.take(key);
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(budget.limit),
    'RateLimit-Remaining': String(budget.remaining),
    'RateLimit-Reset': String(budget.resetSeconds),
  };
  if (!budget.allowed) {
    return sendError(res, 429, 'TOO_MANY_REQUESTS', 'Rate limit exceeded', {
      ...headers,
      'Retry-After': String(budget.resetSeconds),
    });
  }
  if (!ACCEPT_V2.test(req.headers.accept ?? '')) {
    return sendError(
      res,
      400,
      'INVALID_HEADER_VALUE',
      'Accept must be application/json;version=2.0',
      headers,
    );
  }
  if (req.method !== 'GET' || route === null) {
    return sendError(res, 404, 'NOT_FOUND', `No resource at ${url.pathname}`, headers);
  }
  const failures = catalogue.failures.take([route], url.searchParams);
  const outcome = await applyFailures(failures, (status) =>
    sendError(res, status, 'INTERNAL_SERVER_ERROR', 'Something went wrong', headers),
  );
  if (outcome === 'answered') return;
  if (route === 'destinations') {
    const destinations = catalogue.destinations();
    return sendJson(res, 200, { destinations, totalCount: destinations.length }, headers);
  }
  answerFeed(catalogue, url, res, headers);
}

/**
 * Viator Partner API v2 as the stand-in serves it: `GET /products/modified-since` (`count` up
 * to 500, `cursor` or `modified-since`; no `nextCursor` on the last page) and `GET
 * /destinations`, behind `exp-api-key` and `Accept: application/json;version=2.0`, with
 * `RateLimit-*` headers and 429 + `Retry-After`.
 */
export function viatorRequestHandler(catalogue: ViatorCatalogue): RequestListener {
  return (req, res) => {
    const url = requestUrl(req);
    const route = ROUTES[url.pathname.replace(/\/$/, '')] ?? null;
    const logged = catalogue.record(route, url.searchParams);
    res.once('finish', () => (logged.status = res.statusCode));
    answer(catalogue, req, res, url, route).catch((error: unknown) =>
      sendError(res, 500, 'INTERNAL_SERVER_ERROR', String(error)),
    );
  };
}

export interface ViatorStandIn {
  readonly url: string;
  readonly catalogue: ViatorCatalogue;
  close(): Promise<void>;
}

/** Serves the catalogue alone on its own port (tests); `dev-sources serve` mounts the handler. */
export async function startViatorStandIn(
  catalogue: ViatorCatalogue,
  options: ListenOptions = {},
): Promise<ViatorStandIn> {
  const server = await listenStandIn(viatorRequestHandler(catalogue), options);
  return { url: server.url, catalogue, close: () => server.close() };
}
