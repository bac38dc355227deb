import { Registry } from 'prom-client';
import { createDatabase, createPool } from '@waypost/shared/db';
import { SyncLogger, SyncWorkerHost } from '@waypost/shared/sync';
import { TOURS_SCHEMA, ToursDatabase } from '@waypost/tours/schema';
import { TourWriteRepository } from '@waypost/tours/data-access/write';
import { Gazetteer, GazetteerDatabase } from '@waypost/places/gazetteer';
import { ToursSyncConfig } from './tours-sync.config';

export const TOURS_DATASET = 'tours';

/** The composition root of the tours sync: its sources on a sync worker host. */
export class ToursSync extends SyncWorkerHost<ToursDatabase> {
  constructor(config: ToursSyncConfig, registry: Registry, logger: SyncLogger) {
    const pool = createPool({
      url: config.databaseUrl,
      applicationName: 'waypost-tours-sync',
      statementTimeoutMs: config.limits.statementTimeoutMs,
    });
    // The gazetteer reads the places schema of the same database, over the same pool.
    const db = createDatabase<ToursDatabase>({ pool });
    const deps = {
      gazetteer: new Gazetteer(createDatabase<GazetteerDatabase>({ pool })),
      repository: new TourWriteRepository(),
      db,
      logger,
    };
    super(
      db,
      config.sources.map((source) => source.create(deps)),
      {
        dataset: TOURS_DATASET,
        schema: TOURS_SCHEMA,
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
