import { ReadRoute } from '@waypost/shared/read-api';
import { LodgingsService } from './lodgings.service';

/** The lodgings-api routes (served by the shared ReadRouter). */
export function lodgingsRoutes(lodgings: LodgingsService): ReadRoute[] {
  return [
    { path: '/lodgings', handle: ({ url }) => lodgings.list(url) },
    { path: '/lodgings/:id', handle: ({ params, url }) => lodgings.get(params['id'], url) },
  ];
}
