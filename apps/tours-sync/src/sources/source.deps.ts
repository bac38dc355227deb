import { TourWriteRepository } from '@waypost/tours/data-access/write';
import { Gazetteer } from '@waypost/places/gazetteer';

/** What every source of tours-sync is built on. */
export interface ToursSourceDeps {
  readonly gazetteer: Gazetteer;
  readonly repository: TourWriteRepository;
}
