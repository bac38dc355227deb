import { DynamicModule } from '@nestjs/common';
import { SyncWorkerModule } from '@waypost/shared/sync';
import { BooksSync } from './books-sync';
import { BooksSyncConfig } from './books-sync.config';

export const BOOKS_SYNC_SERVICE = 'books-sync';

/** The worker app: BullMQ worker and schedules; HTTP only for health and metrics. */
export function booksSyncModule(config: BooksSyncConfig): DynamicModule {
  return SyncWorkerModule.forRoot<BooksSync>({
    service: BOOKS_SYNC_SERVICE,
    logLevel: config.logLevel,
    create: (registry, logger) => new BooksSync(config, registry, logger),
  });
}
