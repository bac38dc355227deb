import { Registry } from 'prom-client';
import { createDatabase, createPool } from '@waypost/shared/db';
import { SyncLogger, SyncWorkerHost } from '@waypost/shared/sync';
import { BOOKS_SCHEMA, BooksDatabase } from '@waypost/books/schema';
import { BookWriteRepository } from '@waypost/books/data-access/write';
import { Gazetteer, GazetteerDatabase } from '@waypost/places/gazetteer';
import { BooksSyncConfig } from './books-sync.config';

export const BOOKS_DATASET = 'books';

/** The composition root of the books sync: its sources on a sync worker host. */
export class BooksSync extends SyncWorkerHost<BooksDatabase> {
  constructor(config: BooksSyncConfig, registry: Registry, logger: SyncLogger) {
    const pool = createPool({
      url: config.databaseUrl,
      applicationName: 'waypost-books-sync',
      statementTimeoutMs: config.limits.statementTimeoutMs,
    });
    // The gazetteer reads the places schema of the same database, over the same pool.
    const deps = {
      gazetteer: new Gazetteer(createDatabase<GazetteerDatabase>({ pool })),
      repository: new BookWriteRepository(),
    };
    super(
      createDatabase<BooksDatabase>({ pool }),
      config.sources.map((source) => source.create(deps)),
      {
        dataset: BOOKS_DATASET,
        schema: BOOKS_SCHEMA,
        redisUrl: config.redisUrl,
        queuePrefix: config.queuePrefix,
        retryBackoffMs: config.retryBackoffMs,
        limits: config.limits,
        registry,
        logger,
      },
    );
  }
}
