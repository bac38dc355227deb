import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createReadApiApp } from '@waypost/shared/read-api';
import { PlacesApiConfig } from './places-api.config';
import { PlacesApiModule } from './places-api.module';

/** Builds the places-api Nest application (main.ts listens; tests listen on port 0). */
export function createPlacesApi(config: PlacesApiConfig): Promise<NestFastifyApplication> {
  return createReadApiApp(PlacesApiModule.forRoot(config));
}
