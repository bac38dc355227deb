import { SchemaMigrations, syncTablesMigration } from '@waypost/shared/db';
import { createPlaces } from './202611210001_places';
import { createPlaceBoundaryParts } from './202611210002_place_boundary_parts';
import { createPointOfInterestRollup } from './202612040001_point_of_interest_rollup';
import { createPlaceSearch } from './202612040002_place_search';
import { addPlaceAlternateNames } from './202612040003_place_alternate_names';
import { addPointOfInterestGoogle } from './202612040004_point_of_interest_google';
import { PLACES_SCHEMA } from '../tables';

export const PLACES_MIGRATIONS: SchemaMigrations = {
  schema: PLACES_SCHEMA,
  migrations: {
    '202611210000_sync_tables': syncTablesMigration(PLACES_SCHEMA),
    '202611210001_places': createPlaces,
    '202611210002_place_boundary_parts': createPlaceBoundaryParts,
    '202612040001_point_of_interest_rollup': createPointOfInterestRollup,
    '202612040002_place_search': createPlaceSearch,
    '202612040003_place_alternate_names': addPlaceAlternateNames,
    '202612040004_point_of_interest_google': addPointOfInterestGoogle,
  },
};
