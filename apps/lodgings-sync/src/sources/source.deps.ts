import { LodgingWriteRepository } from '@waypost/lodgings/data-access/write';
import { Gazetteer } from '@waypost/places/gazetteer';

/** What every source of lodgings-sync is built on. */
export interface LodgingsSourceDeps {
  readonly gazetteer: Gazetteer;
  readonly repository: LodgingWriteRepository;
}
