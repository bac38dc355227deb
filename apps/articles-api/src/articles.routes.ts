import { ReadRoute } from '@waypost/shared/read-api';
import { ArticlesService } from './articles.service';

/** The articles-api routes (served by the shared ReadRouter): each hands its id and URL to the service. */
export function articlesRoutes(articles: ArticlesService): ReadRoute[] {
  return [
    { path: '/articles', handle: ({ url }) => articles.list('article', url) },
    {
      path: '/articles/:id',
      handle: ({ params, url }) => articles.get('article', params['id'], url),
    },
    { path: '/news', handle: ({ url }) => articles.list('news', url) },
    { path: '/news/:id', handle: ({ params, url }) => articles.get('news', params['id'], url) },
  ];
}
