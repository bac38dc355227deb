import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createReadApiApp } from '@waypost/shared/read-api';
import { ArticlesApiConfig } from './articles-api.config';
import { ArticlesApiModule } from './articles-api.module';

/** Builds the articles-api Nest application (main.ts listens; tests listen on port 0). */
export function createArticlesApi(config: ArticlesApiConfig): Promise<NestFastifyApplication> {
  return createReadApiApp(ArticlesApiModule.forRoot(config));
}
