import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestLoggerAdapter } from '@waypost/shared/observability';

/** A sync worker's Nest application on Fastify (HTTP for health and metrics only), JSON logs. */
export async function createSyncWorkerApp(module: DynamicModule): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), {
    bufferLogs: true,
  });
  app.useLogger(app.get(NestLoggerAdapter));
  app.enableShutdownHooks();
  return app;
}
