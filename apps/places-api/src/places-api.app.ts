import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PLACES_SCHEMA } from '@waypost/places/schema';
import {
  PlaceReadRepository,
  PointOfInterestReadRepository,
} from '@waypost/places/data-access/read';
import { Gazetteer } from '@waypost/places/gazetteer';
import { ReadApiModule, createReadApiApp } from '@waypost/shared/read-api';
import { PlacesApiConfig } from './places-api.config';
import { placesRoutes } from './places.routes';
import { PlacesService } from './places.service';
import { PointsOfInterestService } from './points-of-interest.service';

export const PLACES_API_SERVICE = 'places-api';

/** Builds the places-api Nest application (main.ts listens; tests listen on port 0). */
export function createPlacesApi(config: PlacesApiConfig): Promise<NestFastifyApplication> {
  return createReadApiApp(
    ReadApiModule.forRoot({
      service: PLACES_API_SERVICE,
      schema: PLACES_SCHEMA,
      config,
      // The gazetteer answers filter[contains] with the assignment content gets at that point.
      repositories: [PlaceReadRepository, PointOfInterestReadRepository, Gazetteer],
      services: [PlacesService, PointsOfInterestService],
      routes: placesRoutes,
    }),
  );
}
