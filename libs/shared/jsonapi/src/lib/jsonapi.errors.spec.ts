import { expectValidJsonApiDocument, jsonApiSchemaErrors } from '@waypost/shared/testing';
import { JsonApiError, JsonApiErrorList, errorDocument, responseStatus } from '../index';

describe('JsonApiError', () => {
  it.each([
    [
      JsonApiError.badParameter('filter[level]', 'bad'),
      400,
      'invalid-parameter',
      { parameter: 'filter[level]' },
    ],
    [
      JsonApiError.unauthorized('no key', 'X-API-Key'),
      401,
      'unauthorized',
      { header: 'X-API-Key' },
    ],
    [JsonApiError.forbidden('not here'), 403, 'forbidden', undefined],
    [JsonApiError.notFound('no node x'), 404, 'not-found', undefined],
    [JsonApiError.notAcceptable('no'), 406, 'not-acceptable', { header: 'Accept' }],
    [
      JsonApiError.unsupportedMediaType('no'),
      415,
      'unsupported-media-type',
      { header: 'Content-Type' },
    ],
    [JsonApiError.tooManyRequests('slow down', 1.2), 429, 'too-many-requests', undefined],
    [JsonApiError.badGateway('upstream broke'), 502, 'bad-gateway', undefined],
    [JsonApiError.serviceUnavailable('db down'), 503, 'service-unavailable', undefined],
    [JsonApiError.gatewayTimeout('upstream slow'), 504, 'gateway-timeout', undefined],
    [JsonApiError.internal(), 500, 'internal-error', undefined],
  ])('%#: renders status %i and code %s', (error, status, code, source) => {
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(status);
    const document = errorDocument([error]);
    expectValidJsonApiDocument(document);
    const [object] = document.errors;
    expect(object).toMatchObject({ status: String(status), code, detail: error.detail });
    expect(object.source).toEqual(source);
    expect(object.title).toEqual(expect.any(String));
    expect(object.links.type).toMatch(/^https:\/\//);
  });

  it('keeps the title fixed per code and the detail specific', () => {
    const a = JsonApiError.notFound('No node a');
    const b = JsonApiError.notFound('No node b');
    expect(a.title).toBe(b.title);
    expect(a.toObject().detail).toBe('No node a');
  });

  it('carries response headers for 401, 429 and 503', () => {
    expect(JsonApiError.unauthorized('x').headers).toEqual({ 'WWW-Authenticate': 'Bearer' });
    expect(JsonApiError.tooManyRequests('x', 1.2).headers).toEqual({ 'Retry-After': '2' });
    expect(JsonApiError.serviceUnavailable('x', 30).headers).toEqual({ 'Retry-After': '30' });
    expect(JsonApiError.serviceUnavailable('x').headers).toEqual({});
  });

  it('passes meta and a specific bad-parameter code through', () => {
    const error = JsonApiError.badParameter('filter[radius]', 'needs filter[near]', {
      code: 'invalid-filter-value',
      meta: { requires: 'filter[near]' },
    });
    expect(error.toObject()).toEqual({
      status: '400',
      code: 'invalid-filter-value',
      title: 'Invalid filter value',
      detail: 'needs filter[near]',
      source: { parameter: 'filter[radius]' },
      links: { type: 'https://jsonapi.org/format/1.1/#fetching-filtering' },
      meta: { requires: 'filter[near]' },
    });
  });

  it('maps a bare HTTP status', () => {
    expect(JsonApiError.fromStatus(413, 'Body too large').toObject()).toEqual({
      status: '413',
      code: 'http-413',
      title: 'Payload Too Large',
      detail: 'Body too large',
      links: { type: 'https://www.rfc-editor.org/rfc/rfc9110#status.413' },
    });
  });
});

describe('errorDocument', () => {
  it('writes jsonapi and every error, never data', () => {
    const document = errorDocument([JsonApiError.notFound('x'), JsonApiError.forbidden('y')]);
    expect(document.jsonapi).toEqual({ version: '1.1' });
    expect(document.errors).toHaveLength(2);
    expect(document).not.toHaveProperty('data');
    expectValidJsonApiDocument(document);
  });

  it('is what the schema helper rejects when broken', () => {
    const [object] = errorDocument([JsonApiError.notFound('x')]).errors;
    expect(jsonApiSchemaErrors({ errors: [{ ...object, status: 404 }] })).not.toEqual([]);
    expect(() => expectValidJsonApiDocument({ data: [], errors: [object] })).toThrow(
      /Not a valid JSON:API 1.1 document/,
    );
  });
});

describe('responseStatus', () => {
  it('uses the shared status, else 400 for client errors, else 500', () => {
    const notFound = JsonApiError.notFound('x');
    expect(responseStatus([notFound, notFound])).toBe(404);
    expect(responseStatus([notFound, JsonApiError.forbidden('y')])).toBe(400);
    expect(responseStatus([notFound, JsonApiError.internal()])).toBe(500);
  });

  it('is the status of a JsonApiErrorList, which merges headers', () => {
    const list = new JsonApiErrorList([
      JsonApiError.tooManyRequests('a', 5),
      JsonApiError.tooManyRequests('b', 5),
    ]);
    expect(list.status).toBe(429);
    expect(list.headers).toEqual({ 'Retry-After': '5' });
    expect(() => new JsonApiErrorList([])).toThrow();
  });
});
