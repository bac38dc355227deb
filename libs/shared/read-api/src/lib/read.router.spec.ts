import { HttpAdapterHost } from '@nestjs/core';
import Fastify, { FastifyInstance } from 'fastify';
import { SyncStateReadRepository } from '@waypost/shared/db';
import { JSONAPI_MEDIA_TYPE, JsonApiError } from '@waypost/shared/jsonapi';
import { DocumentResponder } from './document.responder';
import { ReadApiConfig } from './read-api.config';
import { ReadRouter } from './read.router';

describe('ReadRouter', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    const responder = new DocumentResponder(
      { marker: async () => 'sync' } as unknown as SyncStateReadRepository,
      { publicBaseUrl: 'https://api.example.test/v1', cacheMaxAgeSeconds: 60 } as ReadApiConfig,
    );
    const adapterHost = { httpAdapter: { getInstance: () => app } } as unknown as HttpAdapterHost;
    new ReadRouter(adapterHost, responder, [
      {
        path: '/things/:id',
        handle: async ({ params, url }) => {
          if (params['id'] === 'missing') throw JsonApiError.notFound('no such thing');
          return {
            paginated: false,
            document: { jsonapi: { version: '1.1' }, links: { self: url }, data: null },
          };
        },
      },
    ]).onModuleInit();
    await app.ready();
  });

  afterAll(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });

  it('answers with the document, its ETag and caching headers', async () => {
    const response = await get('/things/1?fields[things]=name');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(JSONAPI_MEDIA_TYPE);
    expect(response.headers.etag).toBeDefined();
    expect(response.headers.vary).toBe('Accept');
    expect(response.json().links.self).toBe('/things/1?fields[things]=name');
  });

  it('renders a thrown JsonApiError as its error document', async () => {
    const response = await get('/things/missing');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe(JSONAPI_MEDIA_TYPE);
    expect(response.json().errors[0]).toMatchObject({ status: '404', detail: 'no such thing' });
  });

  it('negotiates as the global guard does: 406 for an unacceptable Accept, 415 for a bad body type', async () => {
    const accept = await get('/things/1', { accept: `${JSONAPI_MEDIA_TYPE}; charset=utf-8` });
    expect(accept.statusCode).toBe(406);
    expect(accept.json().errors[0].status).toBe('406');
    const contentType = await get('/things/1', {
      'content-type': `${JSONAPI_MEDIA_TYPE}; charset=utf-8`,
    });
    expect(contentType.statusCode).toBe(415);
  });

  it('answers an id holding a NUL character with a 404 before the route runs', async () => {
    const response = await get('/things/a%00b');
    expect(response.statusCode).toBe(404);
    expect(response.json().errors[0]).toMatchObject({ status: '404' });
    expect(response.json().errors[0].detail).toMatch(/NUL/);
  });
});
