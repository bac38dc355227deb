import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { JsonApiExceptionFilter, JsonApiNegotiationGuard } from '@waypost/shared/jsonapi';
import { NestLoggerAdapter } from '@waypost/shared/observability';

/** A read service's Nest application on Fastify: JSON logs, JSON:API errors and negotiation. */
export async function createReadApiApp(module: DynamicModule): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({ routerOptions: { maxParamLength: 200 } }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(NestLoggerAdapter));
  app.useGlobalFilters(new JsonApiExceptionFilter());
  app.useGlobalGuards(new JsonApiNegotiationGuard());
  app.enableShutdownHooks();
  return app;
}
