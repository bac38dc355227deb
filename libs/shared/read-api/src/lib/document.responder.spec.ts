import Fastify, { FastifyInstance } from 'fastify';
import { SyncStateReadRepository } from '@waypost/shared/db';
import { etagFor } from '@waypost/shared/jsonapi';
import { DocumentResponder } from './document.responder';
import { ReadApiConfig } from './read-api.config';

const BASE_URL = 'https://api.example.test/v1';

/** The dataset's sync marker, moved by the test (no database: only the responder is under test). */
class MovableMarker {
  value = 'first-sync';
  async marker(): Promise<string> {
    return this.value;
  }
}

describe('DocumentResponder', () => {
  const marker = new MovableMarker();
  let app: FastifyInstance;

  beforeAll(async () => {
    const responder = new DocumentResponder(
      marker as unknown as SyncStateReadRepository,
      { publicBaseUrl: BASE_URL, cacheMaxAgeSeconds: 60 } as ReadApiConfig,
    );
    app = Fastify();
    app.get('/things/:id', (request, reply) =>
      responder.with(request, reply, async () => ({
        paginated: false,
        document: { jsonapi: { version: '1.1' }, links: { self: request.url }, data: null },
      })),
    );
    await app.ready();
  });

  afterAll(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });

  it('tags each URL with an ETag of the sync marker and answers a match with 304', async () => {
    const first = await get('/things/1');
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe(etagFor('first-sync', BASE_URL, '/things/1'));
    expect((await get('/things/1')).headers.etag).toBe(first.headers.etag);
    expect((await get('/things/2')).headers.etag).toBe(
      etagFor('first-sync', BASE_URL, '/things/2'),
    );
    const again = await get('/things/1', { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('gives every URL a new ETag once the marker moves', async () => {
    const before = await get('/things/1');
    marker.value = 'second-sync';
    const after = await get('/things/1', { 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).toBe(etagFor('second-sync', BASE_URL, '/things/1'));
  });
});
