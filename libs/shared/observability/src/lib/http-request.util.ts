import { randomUUID } from 'node:crypto';
import { Level } from 'pino';
import { REDACTED } from './logger.factory';

/** The header carrying the request id, taken from the caller or generated, echoed on the response. */
export const REQUEST_ID_HEADER = 'x-request-id';
/** The `route` label of requests that matched no route, so that raw URLs never become labels. */
export const UNMATCHED_ROUTE = 'unmatched';

// Ids from callers end up in logs and upstream headers: bound their length and alphabet.
const ACCEPTED_REQUEST_ID = /^[\w.:-]{1,128}$/;
const SECRET_QUERY_PARAMS = new Set(['key', 'apikey', 'api_key', 'x-api-key']);
const QUIET_ROUTE = /^\/(metrics|health)(\/|$)/;

export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && ACCEPTED_REQUEST_ID.test(header) ? header : randomUUID();
}

/** 5xx error, 4xx warn, else info; probes and scrapes (`/metrics`, `/health/*`) only at debug. */
export function requestLogLevel(route: string, status: number): Level {
  if (QUIET_ROUTE.test(route)) return 'debug';
  if (status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return 'info';
}

/** The URL with the values of key-like query parameters (`key`, `apiKey`, ...) replaced. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const query = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0];
      return SECRET_QUERY_PARAMS.has(decodeName(name).toLowerCase()) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, queryStart)}?${query}`;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
