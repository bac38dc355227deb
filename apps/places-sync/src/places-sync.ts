import { Kysely } from 'kysely';
import { Registry } from 'prom-client';
import { createDatabase } from '@waypost/shared/db';
import {
  SyncLogger,
  SyncMetrics,
  SyncQueue,
  SyncRunner,
  createSyncWorker,
} from '@waypost/shared/sync';
import { PLACES_SCHEMA, PlacesDatabase } from '@waypost/places/schema';
import { Gazetteer } from '@waypost/places/gazetteer';
import {
  PlaceWriteRepository,
  PointOfInterestWriteRepository,
} from '@waypost/places/data-access/write';
import { CmsReader } from './sources/cms.reader';
import { CmsPlacesSource } from './sources/cms-places.source';
import { CmsPointsOfInterestSource } from './sources/cms-points-of-interest.source';
import { PlacesSyncConfig } from './places-sync.config';

export const PLACES_DATASET = 'places';

/** The composition root of the places sync: sources, runner, queue and (once started) worker. */
export class PlacesSync {
  readonly db: Kysely<PlacesDatabase>;
  readonly cms: CmsReader;
  readonly sources: readonly [CmsPlacesSource, CmsPointsOfInterestSource];
  readonly runner: SyncRunner;
  readonly queue: SyncQueue;
  worker?: ReturnType<typeof createSyncWorker>;

  constructor(
    private readonly config: PlacesSyncConfig,
    registry: Registry,
    logger: SyncLogger,
  ) {
    this.db = createDatabase<PlacesDatabase>({
      url: config.databaseUrl,
      applicationName: 'waypost-places-sync',
    });
    this.cms = new CmsReader(config.cmsDatabaseUrl);
    const pages = { pageSize: config.pageSize, settleMs: config.settleMs };
    this.sources = [
      new CmsPlacesSource(this.cms, new PlaceWriteRepository(), {
        ...pages,
        schedule: { everyMs: config.placesEveryMs },
      }),
      new CmsPointsOfInterestSource(
        this.cms,
        new Gazetteer(this.db),
        new PointOfInterestWriteRepository(),
        {
          ...pages,
          schedule: { everyMs: config.pointsOfInterestEveryMs },
        },
      ),
    ];
    this.runner = new SyncRunner(this.db, {
      dataset: PLACES_DATASET,
      schema: PLACES_SCHEMA,
      metrics: new SyncMetrics(registry),
      logger,
    });
    this.queue = new SyncQueue({
      dataset: PLACES_DATASET,
      connection: this.connection(),
      prefix: config.queuePrefix,
      jobOptions: { backoff: { type: 'exponential', delay: config.retryBackoffMs } },
    });
  }

  /** Registers the schedules and starts consuming jobs. */
  async start(): Promise<void> {
    await this.queue.schedule(this.sources);
    this.worker = createSyncWorker({
      dataset: PLACES_DATASET,
      connection: this.connection(),
      prefix: this.config.queuePrefix,
      sources: this.sources,
      runner: this.runner,
    });
    await this.worker.waitUntilReady();
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    await this.cms.close();
    await this.db.destroy();
  }

  private connection() {
    return { url: this.config.redisUrl, maxRetriesPerRequest: null };
  }
}
