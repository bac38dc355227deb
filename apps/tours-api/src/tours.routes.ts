import { ReadRoute } from '@waypost/shared/read-api';
import { ToursService } from './tours.service';

/** The tours-api routes (served by the shared ReadRouter). */
export function toursRoutes(tours: ToursService): ReadRoute[] {
  return [
    { path: '/tours', handle: ({ url }) => tours.list(url) },
    { path: '/tours/:id', handle: ({ params, url }) => tours.get(params['id'], url) },
  ];
}
