import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ARTICLES_SCHEMA } from '@waypost/articles/schema';
import { ArticleReadRepository } from '@waypost/articles/data-access/read';
import { PlaceDirectory } from '@waypost/places/gazetteer';
import { ReadApiModule, createReadApiApp } from '@waypost/shared/read-api';
import { ArticlesApiConfig } from './articles-api.config';
import { articlesRoutes } from './articles.routes';
import { ArticlesService } from './articles.service';

export const ARTICLES_API_SERVICE = 'articles-api';

/** Builds the articles-api Nest application (main.ts listens; tests listen on port 0). */
export function createArticlesApi(config: ArticlesApiConfig): Promise<NestFastifyApplication> {
  return createReadApiApp(
    ReadApiModule.forRoot({
      service: ARTICLES_API_SERVICE,
      schema: ARTICLES_SCHEMA,
      config,
      // The mentioned places are read through the gazetteer's directory, over the same pool.
      repositories: [ArticleReadRepository, PlaceDirectory],
      services: [ArticlesService],
      routes: articlesRoutes,
    }),
  );
}
