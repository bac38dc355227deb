import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Kysely } from 'kysely';
import { SyncStateReadRepository, createDatabase } from '@waypost/shared/db';
import { HealthModule, PostgresHealthIndicator } from '@waypost/shared/health';
import { ObservabilityModule } from '@waypost/shared/observability';
import { PLACES_SCHEMA, PlacesDatabase } from '@waypost/places/schema';
import {
  PlaceReadRepository,
  PointOfInterestReadRepository,
} from '@waypost/places/data-access/read';
import { DocumentResponder, READ_ROUTES, ReadRouter } from '@waypost/shared/read-api';
import { PlacesApiConfig } from './places-api.config';
import { PLACES_DB } from './places-api.tokens';
import { READ_API_CONFIG } from '@waypost/shared/read-api';
import { placesRoutes } from './places.routes';
import { PlacesService } from './places.service';
import { PointsOfInterestService } from './points-of-interest.service';

export const PLACES_API_SERVICE = 'places-api';

/** The database and the read repositories; the API never sees a write repository. */
@Module({})
class PlacesReadModule implements OnApplicationShutdown {
  constructor(@Inject(PLACES_DB) private readonly db: Kysely<PlacesDatabase>) {}

  static forRoot(config: PlacesApiConfig): DynamicModule {
    const repository = <T>(Repo: new (db: Kysely<PlacesDatabase>) => T) => ({
      provide: Repo,
      inject: [PLACES_DB],
      useFactory: (db: Kysely<PlacesDatabase>) => new Repo(db),
    });
    return {
      module: PlacesReadModule,
      providers: [
        {
          provide: PLACES_DB,
          useFactory: () =>
            createDatabase<PlacesDatabase>({
              url: config.databaseUrl,
              maxConnections: config.databasePoolSize,
              applicationName: PLACES_API_SERVICE,
              statementTimeoutMs: 10_000,
            }),
        },
        repository(PlaceReadRepository),
        repository(PointOfInterestReadRepository),
        {
          provide: SyncStateReadRepository,
          inject: [PLACES_DB],
          useFactory: (db: Kysely<PlacesDatabase>) =>
            new SyncStateReadRepository(db, PLACES_SCHEMA),
        },
      ],
      exports: [
        PLACES_DB,
        PlaceReadRepository,
        PointOfInterestReadRepository,
        SyncStateReadRepository,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.destroy();
  }
}

@Module({})
export class PlacesApiModule {
  static forRoot(config: PlacesApiConfig): DynamicModule {
    const read = PlacesReadModule.forRoot(config);
    return {
      module: PlacesApiModule,
      imports: [
        ObservabilityModule.forRoot({ service: PLACES_API_SERVICE, logLevel: config.logLevel }),
        read,
        HealthModule.forRoot({
          imports: [read],
          inject: [PLACES_DB, PostgresHealthIndicator],
          useFactory: (db: Kysely<PlacesDatabase>, postgres: PostgresHealthIndicator) => [
            () => postgres.pingCheck('postgres', db),
          ],
        }),
      ],
      providers: [
        { provide: READ_API_CONFIG, useValue: config },
        PlacesService,
        PointsOfInterestService,
        DocumentResponder,
        {
          provide: READ_ROUTES,
          inject: [PlacesService, PointsOfInterestService],
          useFactory: placesRoutes,
        },
        ReadRouter,
      ],
    };
  }
}
