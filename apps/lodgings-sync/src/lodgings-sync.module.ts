import { DynamicModule } from '@nestjs/common';
import { SyncWorkerModule } from '@waypost/shared/sync';
import { LodgingsSync } from './lodgings-sync';
import { LodgingsSyncConfig } from './lodgings-sync.config';

export const LODGINGS_SYNC_SERVICE = 'lodgings-sync';

/** The worker app: BullMQ worker and schedules; HTTP only for health and metrics. */
export function lodgingsSyncModule(config: LodgingsSyncConfig): DynamicModule {
  return SyncWorkerModule.forRoot<LodgingsSync>({
    service: LODGINGS_SYNC_SERVICE,
    logLevel: config.logLevel,
    create: (registry, logger) => new LodgingsSync(config, registry, logger),
  });
}
