import { Kysely, Migration, sql } from 'kysely';
import { placeRollupMigration } from '@waypost/shared/db';

/** The roll-up of points of interest by place, one index per sort, kept by triggers (decision 0005). */
const rollup = placeRollupMigration({
  schema: 'places',
  table: 'points_of_interest',
  rollup: 'points_of_interest_by_place',
  sortKeys: { name: { type: 'text', from: 'name' }, category: { type: 'text', from: 'category' } },
});

export const createPointOfInterestRollup: Migration = {
  async up(db: Kysely<unknown>) {
    await rollup.up(db);
    // Direct matches (`filter[place.direct]`) read in order too, for every sort.
    await sql`drop index places.poi_place_idx`.execute(db);
    await sql`create index poi_place_name_idx on places.points_of_interest (place_id, name, id)`.execute(
      db,
    );
    await sql`create index poi_place_category_idx on places.points_of_interest (place_id, category, id)`.execute(
      db,
    );
    // The roll-up answers filter[place]; the GIN index on place_ids only cost writes.
    await sql`drop index places.poi_place_ids_gin`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`create index poi_place_ids_gin on places.points_of_interest using gin (place_ids)`.execute(
      db,
    );
    await sql`drop index places.poi_place_category_idx`.execute(db);
    await sql`drop index places.poi_place_name_idx`.execute(db);
    await sql`create index poi_place_idx on places.points_of_interest (place_id, id)`.execute(db);
    await rollup.down!(db);
  },
};
