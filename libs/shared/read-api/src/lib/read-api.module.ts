import {
  DynamicModule,
  Inject,
  InjectionToken,
  Module,
  OnApplicationShutdown,
  Type,
} from '@nestjs/common';
import { Kysely } from 'kysely';
import { SyncStateReadRepository, createDatabase } from '@waypost/shared/db';
import { HealthModule, PostgresHealthIndicator } from '@waypost/shared/health';
import { ObservabilityModule } from '@waypost/shared/observability';
import { DocumentResponder } from './document.responder';
import { READ_API_CONFIG, ReadApiConfig } from './read-api.config';
import { READ_ROUTES, ReadRoute, ReadRouter } from './read.router';

/** The read service's database (read-only use: the API never holds a write repository). */
export const READ_API_DB = Symbol('READ_API_DB');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each repository names its own schema
type AnyKysely = Kysely<any>;

/** A read repository: built once on the service's database. */
export type ReadRepositoryClass = new (db: AnyKysely) => object;

export interface ReadApiModuleOptions {
  /** The app's name: its logs, metrics and database connections carry it. */
  readonly service: string;
  /** The dataset's schema, where its sync state (and so the ETag's sync marker) lives. */
  readonly schema: string;
  readonly config: ReadApiConfig;
  /** Read repositories (and read-only libs such as the gazetteer's directory) on the database. */
  readonly repositories: readonly ReadRepositoryClass[];
  /** The services the routes call; Nest injects their repositories and READ_API_CONFIG. */
  readonly services: readonly Type[];
  /** The route table, given the services in the order of `services`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the services' own types
  readonly routes: (...services: any[]) => readonly ReadRoute[];
}

/** Holds the database and closes it when the app shuts down. */
@Module({})
class ReadDatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(READ_API_DB) private readonly db: AnyKysely) {}

  static forRoot(options: ReadApiModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: ReadDatabaseModule,
      providers: [
        {
          provide: READ_API_DB,
          useFactory: () =>
            createDatabase({
              url: config.databaseUrl,
              maxConnections: config.databasePoolSize,
              applicationName: options.service,
              statementTimeoutMs: 10_000,
            }),
        },
        ...options.repositories.map((Repository) => ({
          provide: Repository,
          inject: [READ_API_DB],
          useFactory: (db: AnyKysely) => new Repository(db),
        })),
        {
          provide: SyncStateReadRepository,
          inject: [READ_API_DB],
          useFactory: (db: AnyKysely) => new SyncStateReadRepository(db, options.schema),
        },
      ],
      exports: [READ_API_DB, SyncStateReadRepository, ...options.repositories],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.destroy();
  }
}

/**
 * Every read service's Nest module: JSON logs and metrics, the database with its read
 * repositories, liveness and readiness (PostgreSQL), and the route table served by the shared
 * ReadRouter. A read service declares only its repositories, services and routes.
 */
@Module({})
export class ReadApiModule {
  static forRoot(options: ReadApiModuleOptions): DynamicModule {
    const database = ReadDatabaseModule.forRoot(options);
    return {
      module: ReadApiModule,
      imports: [
        ObservabilityModule.forRoot({
          service: options.service,
          logLevel: options.config.logLevel,
        }),
        database,
        HealthModule.forRoot({
          imports: [database],
          inject: [READ_API_DB, PostgresHealthIndicator],
          useFactory: (db: AnyKysely, postgres: PostgresHealthIndicator) => [
            () => postgres.pingCheck('postgres', db),
          ],
        }),
      ],
      providers: [
        { provide: READ_API_CONFIG, useValue: options.config },
        ...options.services,
        DocumentResponder,
        {
          provide: READ_ROUTES,
          inject: options.services as InjectionToken[],
          useFactory: options.routes,
        },
        ReadRouter,
      ],
    };
  }
}
