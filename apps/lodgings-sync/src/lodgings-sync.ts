import { Registry } from 'prom-client';
import { createDatabase, createPool } from '@waypost/shared/db';
import { SyncLogger, SyncWorkerHost } from '@waypost/shared/sync';
import { LODGINGS_SCHEMA, LodgingsDatabase } from '@waypost/lodgings/schema';
import {
  LodgingWriteRepository,
  PartnerCityWriteRepository,
} from '@waypost/lodgings/data-access/write';
import { Gazetteer, GazetteerDatabase } from '@waypost/places/gazetteer';
import { LodgingsSyncConfig } from './lodgings-sync.config';

export const LODGINGS_DATASET = 'lodgings';

/** The composition root of the lodgings sync: its sources on a sync worker host. */
export class LodgingsSync extends SyncWorkerHost<LodgingsDatabase> {
  constructor(config: LodgingsSyncConfig, registry: Registry, logger: SyncLogger) {
    const pool = createPool({
      url: config.databaseUrl,
      applicationName: 'waypost-lodgings-sync',
      statementTimeoutMs: config.limits.statementTimeoutMs,
    });
    // The gazetteer reads the places schema of the same database, over the same pool.
    const db = createDatabase<LodgingsDatabase>({ pool });
    const deps = {
      db,
      cities: new PartnerCityWriteRepository(),
      gazetteer: new Gazetteer(createDatabase<GazetteerDatabase>({ pool })),
      repository: new LodgingWriteRepository(),
    };
    super(
      db,
      config.sources.map((source) => source.create(deps)),
      {
        dataset: LODGINGS_DATASET,
        schema: LODGINGS_SCHEMA,
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
