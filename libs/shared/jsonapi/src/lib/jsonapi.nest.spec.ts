import {
  Controller,
  Get,
  HttpException,
  LoggerService,
  Param,
  PayloadTooLargeException,
  Post,
  Req,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { expectValidJsonApiDocument } from '@waypost/shared/testing';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  JSONAPI_MEDIA_TYPE,
  JSONAPI_PAGINATED_MEDIA_TYPE,
  JsonApiError,
  JsonApiExceptionFilter,
  JsonApiNegotiationGuard,
  createDocumentBuilder,
  etagFor,
  parseJsonApiQuery,
  queryStringOf,
  encodeCursor,
  sendJsonApi,
} from '../index';
import { BASE_URL, NODES, TAGS } from '../test/example.resources';

const ROWS = [
  { id: 'a', name: 'A' },
  { id: 'b', name: 'B' },
  { id: 'c', name: 'C' },
];
const builder = createDocumentBuilder(NODES, { baseUrl: BASE_URL, related: [TAGS] });

@Controller()
class ProbeController {
  @Get('nodes')
  list(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const query = parseJsonApiQuery(queryStringOf(request.url), NODES, { related: [TAGS] });
    const rows = ROWS.slice(0, query.page.size);
    const last = rows[rows.length - 1];
    const more = ROWS.length > rows.length && last !== undefined;
    const page = { next: more ? encodeCursor(query.sort, last) : null, prev: null };
    const document = builder.collection(rows, { url: request.url, query, page });
    return sendJsonApi(reply, request, document, {
      paginated: true,
      etag: etagFor('sync-1', request.url),
      cacheControl: 'public, max-age=60',
    });
  }

  @Get('nodes/:id')
  one(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const row = ROWS.find((candidate) => candidate.id === id);
    if (!row) throw JsonApiError.notFound(`No node '${id}'`);
    reply.header('vary', 'Accept-Encoding');
    return sendJsonApi(reply, request, builder.resource(row, { url: request.url }));
  }

  @Post('nodes')
  create() {
    return { created: true };
  }

  @Get('limited')
  limited() {
    throw JsonApiError.tooManyRequests('Over the limit of 10 requests a minute', 42);
  }

  @Get('boom')
  boom() {
    throw new Error('SELECT secret FROM keys failed at db.ts:42');
  }

  @Get('too-large')
  tooLarge() {
    throw new PayloadTooLargeException('Body over 1 MB');
  }

  @Get('unavailable')
  unavailable() {
    throw new ServiceUnavailableException({ database: 'down at 10.0.0.3' });
  }

  @Get('not-ready')
  notReady() {
    // What terminus throws when a readiness check fails.
    throw new ServiceUnavailableException({
      status: 'error',
      info: {},
      error: { redis: { status: 'down', message: 'connect ECONNREFUSED' } },
      details: { redis: { status: 'down', message: 'connect ECONNREFUSED' } },
    });
  }

  @Get('teapot')
  teapot() {
    throw new HttpException('short and stout', 418);
  }
}

class CapturingLogger implements LoggerService {
  readonly errors: unknown[][] = [];
  readonly others: unknown[][] = [];
  log(...parts: unknown[]) {
    this.others.push(parts);
  }
  warn(...parts: unknown[]) {
    this.others.push(parts);
  }
  error(...parts: unknown[]) {
    this.errors.push(parts);
  }
}

describe('Nest glue on Fastify', () => {
  const logger = new CapturingLogger();
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ProbeController] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger });
    app.useBodyParser(JSONAPI_MEDIA_TYPE);
    app.useGlobalFilters(new JsonApiExceptionFilter());
    app.useGlobalGuards(new JsonApiNegotiationGuard());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });

  describe('sendJsonApi', () => {
    it('sends a paginated collection with the profile, Vary, ETag and Cache-Control', async () => {
      const response = await get('/nodes?page%5Bsize%5D=2');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(JSONAPI_PAGINATED_MEDIA_TYPE);
      expect(response.headers['vary']).toBe('Accept');
      expect(response.headers['etag']).toBe(etagFor('sync-1', '/nodes?page%5Bsize%5D=2'));
      expect(response.headers['cache-control']).toBe('public, max-age=60');
      const document = response.json();
      expectValidJsonApiDocument(document);
      expect(document.data.map((resource: { id: string }) => resource.id)).toEqual(['a', 'b']);
      expect(document.links.next).toMatch(
        /^https:\/\/api\.example\.test\/v1\/nodes\?page%5Bsize%5D=2&page\[after\]=/,
      );
      expect(document.links.prev).toBeNull();
    });

    it('answers 304 without a body when If-None-Match matches', async () => {
      const first = await get('/nodes');
      const etag = String(first.headers['etag']);
      const again = await get('/nodes', { 'if-none-match': `"nope", ${etag}` });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers['etag']).toBe(etag);
      expect(again.headers['cache-control']).toBe('public, max-age=60');
      expect(again.headers['vary']).toBe('Accept');
      expect((await get('/nodes', { 'if-none-match': '"nope"' })).statusCode).toBe(200);
    });

    it('sends a single resource as application/vnd.api+json, keeping an existing Vary', async () => {
      const response = await get('/nodes/a');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(JSONAPI_MEDIA_TYPE);
      expect(response.headers['vary']).toBe('Accept-Encoding, Accept');
      expect(response.headers).not.toHaveProperty('etag');
      expectValidJsonApiDocument(response.json());
    });
  });

  describe('JsonApiExceptionFilter', () => {
    it('renders every parse problem as a 400 document', async () => {
      const response = await get('/nodes?page[size]=0&filter[colour]=red');
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe(JSONAPI_MEDIA_TYPE);
      expect(response.headers['vary']).toBe('Accept');
      const document = response.json();
      expectValidJsonApiDocument(document);
      expect(document.errors.map((error: { source: unknown }) => error.source)).toEqual([
        { parameter: 'filter[colour]' },
        { parameter: 'page[size]' },
      ]);
    });

    it('renders a thrown JsonApiError with its status and headers', async () => {
      const missing = await get('/nodes/zzz');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().errors[0]).toMatchObject({ status: '404', detail: "No node 'zzz'" });
      const limited = await get('/limited');
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBe('42');
      expectValidJsonApiDocument(limited.json());
    });

    it('answers an unknown route with a 404 document', async () => {
      const response = await get('/nowhere?x=1');
      expect(response.statusCode).toBe(404);
      const document = response.json();
      expectValidJsonApiDocument(document);
      expect(document.errors[0]).toMatchObject({ status: '404', code: 'not-found' });
    });

    it('answers anything else with a generic 500 and logs it', async () => {
      const response = await get('/boom');
      expect(response.statusCode).toBe(500);
      const document = response.json();
      expectValidJsonApiDocument(document);
      expect(response.body).not.toMatch(/SELECT|secret|db\.ts/);
      expect(document.errors[0]).toMatchObject({ status: '500', code: 'internal-error' });
      expect(JSON.stringify(logger.errors)).toMatch(/SELECT secret FROM keys/);
    });

    it('keeps the status of other HTTP exceptions, hiding 5xx details', async () => {
      const tooLarge = await get('/too-large');
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.json().errors[0]).toMatchObject({ status: '413', detail: 'Body over 1 MB' });
      const teapot = await get('/teapot');
      expect(teapot.statusCode).toBe(418);
      const unavailable = await get('/unavailable');
      expect(unavailable.statusCode).toBe(503);
      expect(unavailable.body).not.toMatch(/10\.0\.0\.3/);
      for (const response of [tooLarge, teapot, unavailable])
        expectValidJsonApiDocument(response.json());
    });
  });

  it('keeps the report of a failed readiness check in meta, naming the dependency', async () => {
    const response = await get('/not-ready');
    expect(response.statusCode).toBe(503);
    const document = response.json();
    expectValidJsonApiDocument(document);
    expect(document.errors[0]).toMatchObject({
      status: '503',
      meta: { health: { details: { redis: { status: 'down' } } } },
    });
  });

  describe('JsonApiNegotiationGuard', () => {
    it('answers 406 when every JSON:API media type in Accept has other parameters', async () => {
      const response = await get('/nodes', { accept: 'application/vnd.api+json; charset=utf-8' });
      expect(response.statusCode).toBe(406);
      expect(response.json().errors[0].source).toEqual({ header: 'Accept' });
      expectValidJsonApiDocument(response.json());
    });

    it('lets plain, wildcard and profile-only Accept headers through', async () => {
      for (const accept of ['*/*', 'application/json', `${JSONAPI_PAGINATED_MEDIA_TYPE}`]) {
        expect((await get('/nodes', { accept })).statusCode).toBe(200);
      }
    });

    it('answers 415 to a JSON:API body with other parameters', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/nodes',
        headers: { 'content-type': 'application/vnd.api+json; charset=utf-8' },
        payload: '{}',
      });
      expect(response.statusCode).toBe(415);
      expect(response.json().errors[0].source).toEqual({ header: 'Content-Type' });
      expect(response.json().errors[0].detail).toMatch(/only the ext and profile parameters/);
    });

    it("gives Fastify's own 415 (no parser for the body) the same shape", async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/nodes',
        headers: { 'content-type': 'application/xml' },
        payload: '<node/>',
      });
      expect(response.statusCode).toBe(415);
      expect(response.headers['content-type']).toBe(JSONAPI_MEDIA_TYPE);
      expect(response.json().errors[0]).toMatchObject({
        code: 'unsupported-media-type',
        source: { header: 'Content-Type' },
      });
    });
  });
});
