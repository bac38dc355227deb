import { expectValidJsonApiDocument } from '@waypost/shared/testing';
import {
  CURSOR_PROFILE,
  JSONAPI_MEDIA_TYPE,
  JSONAPI_PAGINATED_MEDIA_TYPE,
  checkAccept,
  checkContentType,
  errorDocument,
} from '../index';

describe('content negotiation', () => {
  it('exports the media types', () => {
    expect(JSONAPI_MEDIA_TYPE).toBe('application/vnd.api+json');
    expect(CURSOR_PROFILE).toBe('https://jsonapi.org/profiles/ethanresnick/cursor-pagination');
    expect(JSONAPI_PAGINATED_MEDIA_TYPE).toBe(
      'application/vnd.api+json; profile="https://jsonapi.org/profiles/ethanresnick/cursor-pagination"',
    );
  });

  it.each([
    undefined,
    '',
    '*/*',
    'application/json',
    'text/html, application/xhtml+xml;q=0.9',
    'application/vnd.api+json',
    'Application/VND.API+JSON',
    `application/vnd.api+json; profile="${CURSOR_PROFILE} https://example.com/other"`,
    'application/vnd.api+json;q=0.8',
    'application/vnd.api+json;ext=""',
    'application/vnd.api+json; charset=utf-8, application/vnd.api+json',
    ['application/vnd.api+json; charset=utf-8', 'application/vnd.api+json'],
  ])('accepts %p', (accept) => {
    expect(checkAccept(accept)).toBeUndefined();
  });

  it.each([
    'application/vnd.api+json; charset=utf-8',
    'application/vnd.api+json; version=2, application/vnd.api+json; charset=utf-8',
    'application/vnd.api+json; ext="https://jsonapi.org/ext/atomic"',
    'application/vnd.api+json; profile="a,b"; charset=utf-8',
    // JSON:API: every instance of its media type is modified, whatever else is acceptable.
    'application/vnd.api+json; charset=utf-8, */*',
  ])('answers 406 to %p', (accept) => {
    const error = checkAccept(accept);
    expect(error?.status).toBe(406);
    expect(error?.source).toEqual({ header: 'Accept' });
    expectValidJsonApiDocument(errorDocument([error!]));
  });

  it.each([
    undefined,
    'application/json',
    'application/vnd.api+json',
    'application/vnd.api+json; profile="x"',
  ])('accepts a body of %p', (contentType) => {
    expect(checkContentType(contentType)).toBeUndefined();
  });

  it.each([
    'application/vnd.api+json; charset=utf-8',
    'application/vnd.api+json;ext="https://example.com/ext"',
  ])('answers 415 to a body of %p', (contentType) => {
    const error = checkContentType(contentType);
    expect(error?.status).toBe(415);
    expect(error?.source).toEqual({ header: 'Content-Type' });
  });
});
