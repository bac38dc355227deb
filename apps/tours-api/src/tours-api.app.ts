import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TOURS_SCHEMA } from '@waypost/tours/schema';
import { TourReadRepository } from '@waypost/tours/data-access/read';
import { PlaceDirectory } from '@waypost/places/gazetteer';
import { ReadApiModule, createReadApiApp } from '@waypost/shared/read-api';
import { ToursApiConfig } from './tours-api.config';
import { toursRoutes } from './tours.routes';
import { ToursService } from './tours.service';

export const TOURS_API_SERVICE = 'tours-api';

/** Builds the tours-api Nest application (main.ts listens; tests listen on port 0). */
export function createToursApi(config: ToursApiConfig): Promise<NestFastifyApplication> {
  return createReadApiApp(
    ReadApiModule.forRoot({
      service: TOURS_API_SERVICE,
      schema: TOURS_SCHEMA,
      config,
      // `include=places` reads the places through the gazetteer's directory, over the same pool.
      repositories: [TourReadRepository, PlaceDirectory],
      services: [ToursService],
      routes: toursRoutes,
    }),
  );
}
