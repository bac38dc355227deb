import { Controller, Get, Inject, NotFoundException, Param, Req } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { FastifyRequest } from 'fastify';
import { Logger } from 'pino';
import { Histogram, Registry } from 'prom-client';
import {
  HTTP_REQUEST_DURATION,
  LOGGER,
  LOG_LINE_SCHEMA,
  METRICS_REGISTRY,
  NestLoggerAdapter,
  ObservabilityModule,
} from '../index';

const SECRETS = [
  'sekret-bearer',
  'sekret-header',
  'sekret-query',
  'sekret-field',
  'sekret-extra',
  'sekret-nested',
];

@Controller()
class ProbeController {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  @Get('places/:id')
  place(@Param('id') id: string, @Req() request: FastifyRequest) {
    if (id === 'missing') throw new NotFoundException();
    this.logger.info(
      { headers: request.headers, source: { apiKey: 'sekret-field' } },
      'loading place',
    );
    return { id, requestId: request.headers['x-request-id'] };
  }

  @Get('boom')
  boom() {
    throw new Error('kaboom');
  }

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }
}

describe('ObservabilityModule on Fastify', () => {
  const lines: string[] = [];
  let app: NestFastifyApplication;

  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const requestLines = () => records().filter((record) => record['kind'] === 'request');

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ObservabilityModule.forRoot({
          service: 'probe-api',
          logLevel: 'debug',
          destination: { write: (line) => void lines.push(line) },
          extraRequestLabels: {
            client: (request) => (request.headers['x-client'] ? 'app' : 'none'),
          },
          // Plain fields skip the redaction pass; a secret's name or an object goes through it.
          extraLogFields: (request) =>
            request.headers['x-extra']
              ? { key: 'sekret-extra', via: { apiKey: 'sekret-nested' }, client: 'app' }
              : { client: 'none' },
        }),
      ],
      controllers: [ProbeController],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      bufferLogs: true,
    });
    app.useLogger(app.get(NestLoggerAdapter));
    await app.listen(0, '127.0.0.1');
  });

  afterAll(() => app.close());

  it('writes Nest boot messages as JSON lines', () => {
    expect(records()).toContainEqual(
      expect.objectContaining({ level: 'info', service: 'probe-api', context: 'RoutesResolver' }),
    );
    expect(records()).toContainEqual(
      expect.objectContaining({
        context: 'NestApplication',
        msg: 'Nest application successfully started',
      }),
    );
  });

  it('instruments requests over a real socket', async () => {
    const response = await fetch(`${await app.getUrl()}/places/7`, {
      headers: { 'x-request-id': 'r-socket' },
    });
    expect(response.headers.get('x-request-id')).toBe('r-socket');
    expect(requestLines()).toContainEqual(
      expect.objectContaining({ requestId: 'r-socket', route: '/places/:id', status: 200 }),
    );
  });

  it('passes a caller x-request-id through and generates one otherwise', async () => {
    const passed = await app.inject({ url: '/places/42', headers: { 'x-request-id': 'abc-123' } });
    expect(passed.headers['x-request-id']).toBe('abc-123');
    expect(passed.json()).toEqual({ id: '42', requestId: 'abc-123' });

    const generated = await app.inject({ url: '/places/43' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.json()['requestId']).toBe(generated.headers['x-request-id']);

    const unsafe = await app.inject({ url: '/places/44', headers: { 'x-request-id': 'a b\n{}' } });
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    expect(requestLines()).toContainEqual(
      expect.objectContaining({
        level: 'info',
        requestId: 'abc-123',
        method: 'GET',
        route: '/places/:id',
        url: '/places/42',
        status: 200,
        msg: 'GET /places/:id 200',
      }),
    );
  });

  it('logs one line per request, its level set by status; probes only at debug', async () => {
    await app.inject({ url: '/places/missing', headers: { 'x-request-id': 'r-404' } });
    await app.inject({ url: '/boom', headers: { 'x-request-id': 'r-500' } });
    await app.inject({ url: '/no/such/route', headers: { 'x-request-id': 'r-unmatched' } });
    await app.inject({ url: '/health/live', headers: { 'x-request-id': 'r-health' } });

    const byId = (id: string) => requestLines().filter((record) => record['requestId'] === id);
    expect(byId('r-404')).toEqual([expect.objectContaining({ level: 'warn', status: 404 })]);
    expect(byId('r-500')).toEqual([expect.objectContaining({ level: 'error', status: 500 })]);
    expect(byId('r-unmatched')).toEqual([
      expect.objectContaining({ route: 'unmatched', url: '/no/such/route', status: 404 }),
    ]);
    expect(byId('r-health')).toEqual([
      expect.objectContaining({ level: 'debug', route: '/health/live' }),
    ]);
    expect(records()).toContainEqual(
      expect.objectContaining({
        level: 'error',
        context: 'ExceptionsHandler',
        err: expect.objectContaining({ message: 'kaboom' }),
      }),
    );
  });

  it('redacts secrets in headers, fields and query strings', async () => {
    await app.inject({
      url: '/places/45?key=sekret-query&lang=en',
      headers: {
        authorization: 'Bearer sekret-bearer',
        'x-api-key': 'sekret-header',
        'x-request-id': 'r-secret',
      },
    });

    const logged = records().find(
      (record) =>
        record['msg'] === 'loading place' &&
        (record['headers'] as Record<string, unknown>)['x-request-id'] === 'r-secret',
    );
    expect(logged).toMatchObject({
      headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' },
      source: { apiKey: '[redacted]' },
    });
    expect(requestLines()).toContainEqual(
      expect.objectContaining({ url: '/places/45?key=[redacted]&lang=en', client: 'none' }),
    );

    await app.inject({ url: '/places/47', headers: { 'x-extra': '1', 'x-request-id': 'r-extra' } });
    expect(requestLines()).toContainEqual(
      expect.objectContaining({
        requestId: 'r-extra',
        key: '[redacted]',
        via: { apiKey: '[redacted]' },
        client: 'app',
      }),
    );
    for (const secret of SECRETS) expect(lines.join('')).not.toContain(secret);
  });

  it('observes the histogram by route template and serves it at /metrics', async () => {
    await app.inject({ url: '/places/46', headers: { 'x-client': 'web' } });

    const response = await app.inject({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain('process_cpu_user_seconds_total{service="probe-api"}');
    expect(response.body).toMatch(
      /http_request_duration_seconds_count\{service="probe-api",route="\/places\/:id",method="GET",status="200",client="app"\} 1\n/,
    );
    expect(response.body).not.toMatch(/route="\/places\/\d+"/);

    const histogram = app
      .get<Registry>(METRICS_REGISTRY)
      .getSingleMetric(HTTP_REQUEST_DURATION.name) as Histogram;
    const counts = (await histogram.get()).values
      .filter((value) => value.metricName === `${HTTP_REQUEST_DURATION.name}_count`)
      .map((value) => value.labels);
    expect(counts).toEqual(
      expect.arrayContaining([
        { route: 'unmatched', method: 'GET', status: '404', client: 'none' },
        { route: '/boom', method: 'GET', status: '500', client: 'none' },
      ]),
    );
  });

  it('writes every line to the log-line schema', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(LOG_LINE_SCHEMA);
    expect(lines.length).toBeGreaterThan(10);
    for (const record of records()) {
      expect({ record, valid: validate(record), errors: validate.errors }).toMatchObject({
        valid: true,
      });
    }
  });
});
