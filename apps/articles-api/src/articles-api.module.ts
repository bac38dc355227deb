import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Kysely } from 'kysely';
import { SyncStateReadRepository, createDatabase } from '@waypost/shared/db';
import { HealthModule, PostgresHealthIndicator } from '@waypost/shared/health';
import { ObservabilityModule } from '@waypost/shared/observability';
import { ARTICLES_SCHEMA, ArticlesDatabase } from '@waypost/articles/schema';
import { ArticleReadRepository } from '@waypost/articles/data-access/read';
import { GazetteerDatabase, PlaceDirectory } from '@waypost/places/gazetteer';
import { ArticlesApiConfig } from './articles-api.config';
import { ARTICLES_DB } from './articles-api.tokens';
import { READ_API_CONFIG } from '@waypost/shared/read-api';
import { articlesRoutes } from './articles.routes';
import { ArticlesService } from './articles.service';
import { DocumentResponder, READ_ROUTES, ReadRouter } from '@waypost/shared/read-api';

export const ARTICLES_API_SERVICE = 'articles-api';

/** The database and the read repositories; the API never sees a write repository. */
@Module({})
class ArticlesReadModule implements OnApplicationShutdown {
  constructor(@Inject(ARTICLES_DB) private readonly db: Kysely<ArticlesDatabase>) {}

  static forRoot(config: ArticlesApiConfig): DynamicModule {
    return {
      module: ArticlesReadModule,
      providers: [
        {
          provide: ARTICLES_DB,
          useFactory: () =>
            createDatabase<ArticlesDatabase>({
              url: config.databaseUrl,
              maxConnections: config.databasePoolSize,
              applicationName: ARTICLES_API_SERVICE,
              statementTimeoutMs: 10_000,
            }),
        },
        {
          provide: ArticleReadRepository,
          inject: [ARTICLES_DB],
          useFactory: (db: Kysely<ArticlesDatabase>) => new ArticleReadRepository(db),
        },
        {
          // The places articles mention, read through the gazetteer lib over the same pool (the
          // cast: Kysely's database type is invariant, and the directory only reads places).
          provide: PlaceDirectory,
          inject: [ARTICLES_DB],
          useFactory: (db: Kysely<ArticlesDatabase>) =>
            new PlaceDirectory(db as unknown as Kysely<GazetteerDatabase>),
        },
        {
          provide: SyncStateReadRepository,
          inject: [ARTICLES_DB],
          useFactory: (db: Kysely<ArticlesDatabase>) =>
            new SyncStateReadRepository(db, ARTICLES_SCHEMA),
        },
      ],
      exports: [ARTICLES_DB, ArticleReadRepository, PlaceDirectory, SyncStateReadRepository],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.destroy();
  }
}

@Module({})
export class ArticlesApiModule {
  static forRoot(config: ArticlesApiConfig): DynamicModule {
    const read = ArticlesReadModule.forRoot(config);
    return {
      module: ArticlesApiModule,
      imports: [
        ObservabilityModule.forRoot({ service: ARTICLES_API_SERVICE, logLevel: config.logLevel }),
        read,
        HealthModule.forRoot({
          imports: [read],
          inject: [ARTICLES_DB, PostgresHealthIndicator],
          useFactory: (db: Kysely<ArticlesDatabase>, postgres: PostgresHealthIndicator) => [
            () => postgres.pingCheck('postgres', db),
          ],
        }),
      ],
      providers: [
        { provide: READ_API_CONFIG, useValue: config },
        ArticlesService,
        DocumentResponder,
        { provide: READ_ROUTES, inject: [ArticlesService], useFactory: articlesRoutes },
        ReadRouter,
      ],
    };
  }
}
