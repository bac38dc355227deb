import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError } from '@waypost/shared/config';
import { NestLoggerAdapter } from '@waypost/shared/observability';
import { loadArticlesSyncConfig } from './articles-sync.config';
import { articlesSyncModule } from './articles-sync.module';

async function bootstrap(): Promise<void> {
  const config = loadArticlesSyncConfig(process.env);
  const app = await NestFactory.create<NestFastifyApplication>(
    articlesSyncModule(config),
    new FastifyAdapter(),
    { bufferLogs: true },
  );
  app.useLogger(app.get(NestLoggerAdapter));
  app.enableShutdownHooks();
  await app.listen(config.port, '0.0.0.0');
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
