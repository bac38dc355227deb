import { Registry } from 'prom-client';
import { createDatabase } from '@waypost/shared/db';
import { SyncLogger, SyncWorkerHost } from '@waypost/shared/sync';
import { PLACES_SCHEMA, PlacesDatabase } from '@waypost/places/schema';
import { Gazetteer } from '@waypost/places/gazetteer';
import {
  PlaceWriteRepository,
  PointOfInterestWriteRepository,
} from '@waypost/places/data-access/write';
import { CmsReader } from './sources/cms.reader';
import { CmsPlacesSource } from './sources/cms-places.source';
import { CmsPointsOfInterestSource } from './sources/cms-points-of-interest.source';
import { GooglePlacesClient } from './sources/google-places.client';
import { GooglePlacesSource } from './sources/google-places.source';
import { PlacesSyncConfig } from './places-sync.config';

export const PLACES_DATASET = 'places';

/**
 * The composition root of the places sync: the CMS sources on a sync worker host, and Google
 * Places enrichment when it has an API key.
 */
export class PlacesSync extends SyncWorkerHost<
  PlacesDatabase,
  readonly [CmsPlacesSource, CmsPointsOfInterestSource, ...GooglePlacesSource[]]
> {
  readonly cms: CmsReader;
  readonly google: GooglePlacesClient | null;

  constructor(config: PlacesSyncConfig, registry: Registry, logger: SyncLogger) {
    const db = createDatabase<PlacesDatabase>({
      url: config.databaseUrl,
      applicationName: 'waypost-places-sync',
      statementTimeoutMs: config.limits.statementTimeoutMs,
    });
    const cms = new CmsReader(config.cmsDatabaseUrl, config.limits.statementTimeoutMs);
    const pages = { pageSize: config.pageSize, settleMs: config.settleMs };
    const google = config.googlePlaces && new GooglePlacesClient(config.googlePlaces);
    const sources = [
      new CmsPlacesSource(cms, new PlaceWriteRepository(), {
        ...pages,
        schedule: { everyMs: config.placesEveryMs },
      }),
      new CmsPointsOfInterestSource(cms, new Gazetteer(db), new PointOfInterestWriteRepository(), {
        ...pages,
        schedule: { everyMs: config.pointsOfInterestEveryMs },
      }),
      ...(google && config.googlePlaces
        ? [
            new GooglePlacesSource(
              db,
              google,
              {
                schedule: { everyMs: config.googlePlaces.everyMs },
                dailyBudget: config.googlePlaces.dailyBudget,
                ttlMs: config.googlePlaces.ttlMs,
                pageSize: Math.min(config.pageSize, 100),
              },
              logger,
            ),
          ]
        : []),
    ] as const;
    super(db, sources, {
      dataset: PLACES_DATASET,
      schema: PLACES_SCHEMA,
      redisUrl: config.redisUrl,
      queuePrefix: config.queuePrefix,
      retryBackoffMs: config.retryBackoffMs,
      limits: config.limits,
      registry,
      logger,
    });
    this.cms = cms;
    this.google = google;
  }

  override async close(): Promise<void> {
    await super.close();
    await this.cms.close();
    await this.google?.close();
  }
}
