import { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  ListenOptions,
  applyFailures,
  listenStandIn,
  requestUrl,
  sendJson,
} from '@waypost/dev-sources/http';
import { LodgingPartner, pageKey } from './lodging-partner.model';
import { PartnerPropertyRecord } from './lodging-partner.types';

const PROPERTIES_ROUTE = /^\/cities\/([^/]+)\/properties\/?$/;
const CITIES_ROUTE = /^\/cities\/?$/;

function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): number {
  sendJson(res, status, { error: { status, code, message } }, headers);
  return status;
}

// A hanging request is logged with status 0: it never got one.
const answered = (res: ServerResponse) => (res.headersSent ? res.statusCode : 0);

function wireProperty(p: PartnerPropertyRecord): Record<string, unknown> {
  const { raw, ...fields } = p;
  return { ...fields, ...raw };
}

async function answer(
  partner: LodgingPartner,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<number> {
  const url = requestUrl(req);
  const key = req.headers['x-api-key'];
  if (typeof key !== 'string' || !partner.apiKeys.has(key)) {
    return sendError(res, 401, 'UNAUTHORIZED', 'A valid X-Api-Key header is required.');
  }
  const budget = partner.budget.take(key);
  if (!budget.allowed) {
    return sendError(res, 429, 'TOO_MANY_REQUESTS', 'Request budget exceeded.', {
      'Retry-After': String(budget.resetSeconds),
    });
  }
  if (req.method !== 'GET') return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Only GET.');
  const failStatus = (status: number) =>
    void sendError(res, status, 'INTERNAL_ERROR', 'The service is temporarily unavailable.');

  if (CITIES_ROUTE.test(url.pathname)) {
    const failures = partner.failures.take(['cities'], url.searchParams);
    if ((await applyFailures(failures, failStatus)) === 'answered') return answered(res);
    sendJson(res, 200, { cities: partner.cities() });
    return 200;
  }
  const match = PROPERTIES_ROUTE.exec(url.pathname);
  if (!match) return sendError(res, 404, 'NOT_FOUND', `No route for ${url.pathname}.`);
  const rawPage = url.searchParams.get('page') ?? '1';
  if (!/^\d+$/.test(rawPage) || Number(rawPage) < 1) {
    return sendError(res, 400, 'INVALID_PARAMETER', 'page must be a positive integer.');
  }
  const page = Number(rawPage);
  const cityId = /^\d+$/.test(match[1]!) ? Number(match[1]) : NaN;
  const failures = partner.failures.take([pageKey(page), pageKey(page, cityId)], url.searchParams);
  if ((await applyFailures(failures, failStatus)) === 'answered') return answered(res);
  const city = partner.city(cityId);
  const slice = partner.page(cityId, page);
  if (!city || !slice) return sendError(res, 404, 'CITY_NOT_FOUND', `No city ${match[1]}.`);
  sendJson(res, 200, {
    properties: slice.properties.map(wireProperty),
    location: { city: { id: city.id, name: city.name, country: city.country } },
    pagination: {
      page: slice.page,
      pageSize: slice.pageSize,
      totalPages: slice.totalPages,
      totalResults: slice.totalResults,
    },
  });
  return 200;
}

/**
 * The lodging partner's API: `GET /cities` and `GET /cities/{cityId}/properties?page=N` behind
 * an `X-Api-Key`, a per-second request budget (429 with `Retry-After`) and injected failures.
 */
export function lodgingPartnerRequestHandler(partner: LodgingPartner): RequestListener {
  return (req, res) => {
    const url = requestUrl(req);
    const match = PROPERTIES_ROUTE.exec(url.pathname);
    const page = url.searchParams.get('page');
    const done = partner.record(
      url.pathname,
      match && /^\d+$/.test(match[1]!) ? Number(match[1]) : null,
      match ? Number(page ?? '1') || null : null,
    );
    answer(partner, req, res).then(done, (error: unknown) => {
      done(500);
      sendError(res, 500, 'INTERNAL_ERROR', String(error));
    });
  };
}

export interface LodgingPartnerStandIn {
  readonly url: string;
  readonly partner: LodgingPartner;
  close(): Promise<void>;
}

/** Serves the partner alone on its own port (tests); `dev-sources serve` mounts the handler. */
export async function startLodgingPartnerStandIn(
  partner: LodgingPartner,
  options: ListenOptions = {},
): Promise<LodgingPartnerStandIn> {
  const server = await listenStandIn(lodgingPartnerRequestHandler(partner), options);
  return { url: server.url, partner, close: () => server.close() };
}
