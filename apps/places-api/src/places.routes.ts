import { pathId } from '@waypost/shared/jsonapi';
import { ReadRoute } from '@waypost/shared/read-api';
import { PlacesService } from './places.service';
import { PointsOfInterestService } from './points-of-interest.service';

/** The places-api routes (served by the shared ReadRouter): each hands its id and URL to a service. */
export function placesRoutes(
  places: PlacesService,
  pointsOfInterest: PointsOfInterestService,
): ReadRoute[] {
  return [
    { path: '/places', handle: ({ url }) => places.list(url) },
    {
      path: '/places/:id',
      handle: ({ params, url }) => places.get(pathId(params['id'], 'place'), url),
    },
    {
      path: '/places/:id/children',
      handle: ({ params, url }) => places.childrenOf(pathId(params['id'], 'place'), url),
    },
    {
      path: '/places/:id/ancestors',
      handle: ({ params, url }) => places.ancestorsOf(pathId(params['id'], 'place'), url),
    },
    { path: '/pointsOfInterest', handle: ({ url }) => pointsOfInterest.list(url) },
    {
      path: '/pointsOfInterest/:id',
      handle: ({ params, url }) =>
        pointsOfInterest.get(pathId(params['id'], 'point of interest'), url),
    },
  ];
}
