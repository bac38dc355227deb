import { STATUS_CODES } from 'node:http';
import { JSONAPI_VERSION } from './media.types';

/** Where a problem came from: a query parameter, a request header, or a JSON pointer into the body. */
export type ErrorSource = { parameter: string } | { header: string } | { pointer: string };

/** An error object as it appears in a document's `errors` array. */
export interface JsonApiErrorObject {
  status: string;
  code: string;
  title: string;
  detail: string;
  source?: ErrorSource;
  links: { type: string };
  meta?: Record<string, unknown>;
}

/** A document carrying errors: never beside `data`. */
export interface JsonApiErrorDocument {
  jsonapi: { version: string };
  errors: JsonApiErrorObject[];
}

const HTTP_SEMANTICS = 'https://www.rfc-editor.org/rfc/rfc9110';
const JSONAPI_FORMAT = 'https://jsonapi.org/format/1.1/';
const CURSOR_PROFILE_ERRORS = 'https://jsonapi.org/profiles/ethanresnick/cursor-pagination/';

// The title and `links.type` are fixed per code; only `detail` varies between occurrences.
const KINDS = {
  'invalid-parameter': [400, 'Invalid query parameter', `${JSONAPI_FORMAT}#query-parameters`],
  'unknown-parameter': [400, 'Unknown query parameter', `${JSONAPI_FORMAT}#query-parameters`],
  'repeated-parameter': [400, 'Repeated query parameter', `${JSONAPI_FORMAT}#query-parameters`],
  'empty-parameter': [400, 'Empty query parameter', `${JSONAPI_FORMAT}#query-parameters`],
  'unknown-filter': [400, 'Unknown filter', `${JSONAPI_FORMAT}#fetching-filtering`],
  'invalid-filter-value': [400, 'Invalid filter value', `${JSONAPI_FORMAT}#fetching-filtering`],
  'unknown-sort-field': [400, 'Unsupported sort', `${CURSOR_PROFILE_ERRORS}unsupported-sort`],
  'unknown-include-path': [400, 'Unknown include path', `${JSONAPI_FORMAT}#fetching-includes`],
  'unknown-type': [400, 'Unknown resource type', `${JSONAPI_FORMAT}#fetching-sparse-fieldsets`],
  'unknown-field': [400, 'Unknown field', `${JSONAPI_FORMAT}#fetching-sparse-fieldsets`],
  'invalid-page-size': [400, 'Invalid page size', `${JSONAPI_FORMAT}#fetching-pagination`],
  'max-page-size-exceeded': [
    400,
    'Page size requested is too large',
    `${CURSOR_PROFILE_ERRORS}max-size-exceeded`,
  ],
  'invalid-cursor': [400, 'Invalid pagination cursor', `${JSONAPI_FORMAT}#fetching-pagination`],
  'range-pagination-not-supported': [
    400,
    'Range pagination is not supported',
    `${CURSOR_PROFILE_ERRORS}range-pagination-not-supported`,
  ],
  unauthorized: [401, 'Unauthorized', `${HTTP_SEMANTICS}#status.401`],
  forbidden: [403, 'Forbidden', `${HTTP_SEMANTICS}#status.403`],
  'not-found': [404, 'Not found', `${HTTP_SEMANTICS}#status.404`],
  'not-acceptable': [406, 'Not acceptable', `${JSONAPI_FORMAT}#content-negotiation-servers`],
  'unsupported-media-type': [
    415,
    'Unsupported media type',
    `${JSONAPI_FORMAT}#content-negotiation-servers`,
  ],
  'too-many-requests': [
    429,
    'Too many requests',
    'https://www.rfc-editor.org/rfc/rfc6585#section-4',
  ],
  'bad-gateway': [502, 'Bad gateway', `${HTTP_SEMANTICS}#status.502`],
  'gateway-timeout': [504, 'Gateway timeout', `${HTTP_SEMANTICS}#status.504`],
  'service-unavailable': [503, 'Service unavailable', `${HTTP_SEMANTICS}#status.503`],
  'internal-error': [500, 'Internal server error', `${HTTP_SEMANTICS}#status.500`],
} as const satisfies Record<string, readonly [number, string, string]>;

/** Every error code this library emits; each has a fixed status, title and `links.type`. */
export type JsonApiErrorCode = keyof typeof KINDS;

/** The 400 codes for a bad query parameter (`badParameter`'s `code`). */
export type BadParameterCode = {
  [C in JsonApiErrorCode]: (typeof KINDS)[C][0] extends 400 ? C : never;
}[JsonApiErrorCode];

/** Extras for an error: `meta` for the error object, `headers` for the response (e.g. `Retry-After`). */
export interface JsonApiErrorOptions {
  meta?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Everything an error carries; the factories fill it from a fixed table per code. */
export interface JsonApiErrorInit extends JsonApiErrorOptions {
  status: number;
  code: string;
  title: string;
  detail: string;
  typeLink: string;
  source?: ErrorSource;
}

/** One JSON:API error: throw it from a service; `JsonApiExceptionFilter` renders it. */
export class JsonApiError extends Error {
  override readonly name = 'JsonApiError';
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly typeLink: string;
  readonly source?: ErrorSource;
  readonly meta?: Record<string, unknown>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: JsonApiErrorInit) {
    super(init.detail);
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.typeLink = init.typeLink;
    this.source = init.source;
    this.meta = init.meta;
    this.headers = init.headers ?? {};
  }

  /** An error of one of our codes, with that code's fixed status, title and `links.type`. */
  static of(
    code: JsonApiErrorCode,
    detail: string,
    source?: ErrorSource,
    options: JsonApiErrorOptions = {},
  ): JsonApiError {
    const [status, title, typeLink] = KINDS[code];
    const { meta, headers } = options;
    return new JsonApiError({ status, code, title, detail, typeLink, source, meta, headers });
  }

  /** An error for a bare HTTP status raised outside our code (e.g. Fastify's 413 or 405). */
  static fromStatus(status: number, detail: string): JsonApiError {
    return new JsonApiError({
      status,
      code: `http-${status}`,
      title: STATUS_CODES[status] ?? 'Error',
      detail,
      typeLink: `${HTTP_SEMANTICS}#status.${status}`,
    });
  }

  /** 400 naming the query parameter (e.g. `filter[level]`); `code` defaults to `invalid-parameter`. */
  static badParameter(
    parameter: string,
    detail: string,
    options: JsonApiErrorOptions & { code?: BadParameterCode } = {},
  ): JsonApiError {
    const { code = 'invalid-parameter', meta, headers } = options;
    return JsonApiError.of(code, detail, { parameter }, { meta, headers });
  }

  /** 401 with `WWW-Authenticate: Bearer`; `header` names the credential header at fault. */
  static unauthorized(detail: string, header = 'Authorization'): JsonApiError {
    return JsonApiError.of(
      'unauthorized',
      detail,
      { header },
      {
        headers: { 'WWW-Authenticate': 'Bearer' },
      },
    );
  }

  static forbidden(detail: string): JsonApiError {
    return JsonApiError.of('forbidden', detail);
  }

  static notFound(detail: string): JsonApiError {
    return JsonApiError.of('not-found', detail);
  }

  static notAcceptable(detail: string): JsonApiError {
    return JsonApiError.of('not-acceptable', detail, { header: 'Accept' });
  }

  static unsupportedMediaType(detail: string): JsonApiError {
    return JsonApiError.of('unsupported-media-type', detail, { header: 'Content-Type' });
  }

  /** 429 with `Retry-After` (whole seconds, rounded up). */
  static tooManyRequests(
    detail: string,
    retryAfterSeconds: number,
    meta?: Record<string, unknown>,
  ): JsonApiError {
    return JsonApiError.of('too-many-requests', detail, undefined, {
      meta,
      headers: { 'Retry-After': String(Math.max(0, Math.ceil(retryAfterSeconds))) },
    });
  }

  static badGateway(detail: string, meta?: Record<string, unknown>): JsonApiError {
    return JsonApiError.of('bad-gateway', detail, undefined, { meta });
  }

  static gatewayTimeout(detail: string, meta?: Record<string, unknown>): JsonApiError {
    return JsonApiError.of('gateway-timeout', detail, undefined, { meta });
  }

  /** 503; with `retryAfterSeconds` it also sends `Retry-After`. */
  static serviceUnavailable(detail: string, retryAfterSeconds?: number): JsonApiError {
    const headers =
      retryAfterSeconds === undefined
        ? undefined
        : { 'Retry-After': String(Math.max(0, Math.ceil(retryAfterSeconds))) };
    return JsonApiError.of('service-unavailable', detail, undefined, { headers });
  }

  /** 500 with a generic detail: never pass a stack, SQL or an upstream message here. */
  static internal(detail = 'The server could not answer this request.'): JsonApiError {
    return JsonApiError.of('internal-error', detail);
  }

  /** The error object as it goes out (`status` as a string). */
  toObject(): JsonApiErrorObject {
    const object: JsonApiErrorObject = {
      status: String(this.status),
      code: this.code,
      title: this.title,
      detail: this.detail,
      links: { type: this.typeLink },
    };
    if (this.source) object.source = { ...this.source };
    if (this.meta) object.meta = this.meta;
    return object;
  }
}

/** Several errors answered together, e.g. every problem found in one query string. */
export class JsonApiErrorList extends Error {
  override readonly name = 'JsonApiErrorList';

  constructor(readonly errors: readonly JsonApiError[]) {
    super(errors.map((error) => error.detail).join('; '));
    if (errors.length === 0) throw new Error('JsonApiErrorList needs at least one error');
  }

  /** The response status: the shared one, else 400 for mixed 4xx, else 500. */
  get status(): number {
    return responseStatus(this.errors);
  }

  get headers(): Readonly<Record<string, string>> {
    return Object.assign({}, ...this.errors.map((error) => error.headers));
  }
}

/** The HTTP status for a set of errors (JSON:API: the most generally applicable one). */
export function responseStatus(errors: readonly JsonApiError[]): number {
  const statuses = new Set(errors.map((error) => error.status));
  if (statuses.size === 1) return errors[0].status;
  return [...statuses].every((status) => status < 500) ? 400 : 500;
}

/** `{jsonapi, errors}` built by hand: jsonapi-serializer's Error drops `links.type` and `source.header`. */
export function errorDocument(errors: readonly JsonApiError[]): JsonApiErrorDocument {
  return { jsonapi: { version: JSONAPI_VERSION }, errors: errors.map((error) => error.toObject()) };
}
