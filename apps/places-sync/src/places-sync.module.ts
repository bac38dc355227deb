import { DynamicModule } from '@nestjs/common';
import { SyncWorkerModule } from '@waypost/shared/sync';
import { PlacesSync } from './places-sync';
import { PlacesSyncConfig } from './places-sync.config';

export const PLACES_SYNC_SERVICE = 'places-sync';

/** The worker app: BullMQ worker and schedules; HTTP only for health and metrics. */
export function placesSyncModule(config: PlacesSyncConfig): DynamicModule {
  return SyncWorkerModule.forRoot<PlacesSync>({
    service: PLACES_SYNC_SERVICE,
    logLevel: config.logLevel,
    create: (registry, logger) => new PlacesSync(config, registry, logger),
    readiness: (sync, indicators) => [
      async () => {
        const cms = indicators.check('cms');
        return sync.cms.ping().then(
          () => cms.up(),
          (error: Error) => cms.down({ message: error.message }),
        );
      },
    ],
  });
}
