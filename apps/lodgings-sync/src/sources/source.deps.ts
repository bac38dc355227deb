import { Kysely } from 'kysely';
import { LodgingsDatabase } from '@waypost/lodgings/schema';
import {
  LodgingWriteRepository,
  PartnerCityWriteRepository,
} from '@waypost/lodgings/data-access/write';
import { Gazetteer } from '@waypost/places/gazetteer';

/** What every source of lodgings-sync is built on. */
export interface LodgingsSourceDeps {
  /** The lodgings schema, for a source's own bookkeeping outside the runner's batches. */
  readonly db: Kysely<LodgingsDatabase>;
  readonly gazetteer: Gazetteer;
  readonly repository: LodgingWriteRepository;
  readonly cities: PartnerCityWriteRepository;
}
