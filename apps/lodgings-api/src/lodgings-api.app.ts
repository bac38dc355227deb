import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LODGINGS_SCHEMA } from '@waypost/lodgings/schema';
import { LodgingReadRepository } from '@waypost/lodgings/data-access/read';
import { PlaceDirectory } from '@waypost/places/gazetteer';
import { ReadApiModule, createReadApiApp } from '@waypost/shared/read-api';
import { LodgingsApiConfig } from './lodgings-api.config';
import { lodgingsRoutes } from './lodgings.routes';
import { LodgingsService } from './lodgings.service';

export const LODGINGS_API_SERVICE = 'lodgings-api';

/** Builds the lodgings-api Nest application (main.ts listens; tests listen on port 0). */
export function createLodgingsApi(config: LodgingsApiConfig): Promise<NestFastifyApplication> {
  return createReadApiApp(
    ReadApiModule.forRoot({
      service: LODGINGS_API_SERVICE,
      schema: LODGINGS_SCHEMA,
      config,
      // `include=places` reads the places through the gazetteer's directory, over the same pool.
      repositories: [LodgingReadRepository, PlaceDirectory],
      services: [LodgingsService],
      routes: lodgingsRoutes,
    }),
  );
}
