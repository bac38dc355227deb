import { DynamicModule } from '@nestjs/common';
import { SyncWorkerModule } from '@waypost/shared/sync';
import { ToursSync } from './tours-sync';
import { ToursSyncConfig } from './tours-sync.config';

export const TOURS_SYNC_SERVICE = 'tours-sync';

/** The worker app: BullMQ worker and schedules; HTTP only for health and metrics. */
export function toursSyncModule(config: ToursSyncConfig): DynamicModule {
  return SyncWorkerModule.forRoot<ToursSync>({
    service: TOURS_SYNC_SERVICE,
    logLevel: config.logLevel,
    create: (registry, logger) => new ToursSync(config, registry, logger),
  });
}
