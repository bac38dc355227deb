import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import {
  JsonApiError,
  JsonApiExceptionFilter,
  JsonApiNegotiationGuard,
  sendJsonApiError,
} from '@waypost/shared/jsonapi';
import { NestLoggerAdapter } from '@waypost/shared/observability';

/** The longest path segment (an id) the router takes; a longer one names no resource. */
const MAX_ID_LENGTH = 200;

/**
 * Fastify answers a path it cannot route (an undecodable percent-encoding, a segment over
 * MAX_ID_LENGTH) before any handler, with a body of its own: such a path names no resource, so it
 * gets our 404 document.
 */
const frameworkErrors: FastifyServerOptions['frameworkErrors'] = (error, _request, reply) =>
  sendJsonApiError(
    reply,
    JsonApiError.notFound(
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? `no resource has an id longer than ${MAX_ID_LENGTH} characters`
        : 'the path is not a valid URL path (a malformed percent-encoding)',
    ),
  );

/** A read service's Nest application on Fastify: JSON logs, JSON:API errors and negotiation. */
export async function createReadApiApp(module: DynamicModule): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({ routerOptions: { maxParamLength: MAX_ID_LENGTH }, frameworkErrors }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(NestLoggerAdapter));
  app.useGlobalFilters(new JsonApiExceptionFilter());
  app.useGlobalGuards(new JsonApiNegotiationGuard());
  app.enableShutdownHooks();
  return app;
}
