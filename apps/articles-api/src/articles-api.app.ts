import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { JsonApiExceptionFilter, JsonApiNegotiationGuard } from '@waypost/shared/jsonapi';
import { NestLoggerAdapter } from '@waypost/shared/observability';
import { ArticlesApiConfig } from './articles-api.config';
import { ArticlesApiModule } from './articles-api.module';

/** Builds the articles-api Nest application (main.ts listens; tests listen on port 0). */
export async function createArticlesApi(
  config: ArticlesApiConfig,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ArticlesApiModule.forRoot(config),
    new FastifyAdapter({ routerOptions: { maxParamLength: 200 } }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(NestLoggerAdapter));
  app.useGlobalFilters(new JsonApiExceptionFilter());
  app.useGlobalGuards(new JsonApiNegotiationGuard());
  app.enableShutdownHooks();
  return app;
}
