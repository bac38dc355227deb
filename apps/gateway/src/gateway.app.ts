import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import { JsonApiError, JsonApiExceptionFilter, sendJsonApiError } from '@waypost/shared/jsonapi';
import { NestLoggerAdapter } from '@waypost/shared/observability';
import type { DestinationStream } from 'pino';
import { GatewayConfig } from './config/gateway.config';
import { GatewayModule } from './gateway.module';

const CORS_REQUEST_HEADERS = [
  'Authorization',
  'X-API-Key',
  'Accept',
  'If-None-Match',
  'X-Request-Id',
];
const CORS_EXPOSED_HEADERS = [
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Retry-After',
  'ETag',
  'X-Request-Id',
];

/**
 * Fastify answers a URL it cannot route (a malformed percent-encoding in the path) before any
 * handler, with a body of its own: such a path names no resource, so it gets a JSON:API 404.
 */
const frameworkErrors: FastifyServerOptions['frameworkErrors'] = (error, _request, reply) =>
  sendJsonApiError(
    reply,
    error.code === 'FST_ERR_BAD_URL'
      ? JsonApiError.notFound('The path is not a valid URL path (a malformed percent-encoding).')
      : JsonApiError.fromStatus(error.statusCode ?? 400, 'The request could not be read.'),
  );

/**
 * The gateway as a Nest application, initialised but not listening: `main.ts` and the tests
 * call `listen` on it. Log lines go to stdout unless `logDestination` is given.
 */
export async function createGatewayApp(
  config: GatewayConfig,
  logDestination?: DestinationStream,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    GatewayModule.forRoot(config, logDestination),
    new FastifyAdapter({
      frameworkErrors,
      // Behind these proxies the client (request.ip, per-client limits) is X-Forwarded-For's.
      trustProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
    }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(NestLoggerAdapter));
  app.useGlobalFilters(new JsonApiExceptionFilter());
  app.enableCors({
    origin: config.routes.corsOrigins.length > 0 ? [...config.routes.corsOrigins] : false,
    methods: ['GET', 'HEAD'],
    allowedHeaders: CORS_REQUEST_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
