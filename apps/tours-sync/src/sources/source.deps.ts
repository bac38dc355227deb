import { Kysely } from 'kysely';
import { TourWriteRepository } from '@waypost/tours/data-access/write';
import { ToursDatabase } from '@waypost/tours/schema';
import { Gazetteer } from '@waypost/places/gazetteer';
import { SyncLogger } from '@waypost/shared/sync';

/** What every source of tours-sync is built on. */
export interface ToursSourceDeps {
  readonly gazetteer: Gazetteer;
  readonly repository: TourWriteRepository;
  /** The tours database, for what a source keeps outside the runner's batches (mappings). */
  readonly db: Kysely<ToursDatabase>;
  readonly logger: SyncLogger;
}
