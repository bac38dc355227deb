import { Insertable, Kysely, Selectable, sql } from 'kysely';
import { LodgingsDatabase, PartnerCitiesTable } from '@waypost/lodgings/schema';

/** A partner city as the sync maps it (its pull bookkeeping is the repository's). */
export type PartnerCityWrite = Readonly<
  Omit<
    Insertable<PartnerCitiesTable>,
    'mappedAt' | 'lastCompletePullAt' | 'lastFailedPullAt' | 'lastError'
  >
>;

export type PartnerCityRow = Selectable<PartnerCitiesTable>;

type Executor = Kysely<LodgingsDatabase>;

const TABLE = 'lodgings.partnerCities';

/** The partner's cities: their mapping to places and each one's pull watermark. */
export class PartnerCityWriteRepository {
  /** Stores the cities' mappings (the watermarks stay); a changed mapping moves `mapped_at`. */
  async saveMappings(db: Executor, cities: readonly PartnerCityWrite[]): Promise<void> {
    if (cities.length === 0) return;
    await db
      .insertInto(TABLE)
      .values(cities.map((c) => ({ ...c, placeIds: [...(c.placeIds ?? [])] })))
      .onConflict((oc) =>
        oc
          .columns(['source', 'cityId'])
          .doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            country: eb.ref('excluded.country'),
            countryCode: eb.ref('excluded.countryCode'),
            latitude: eb.ref('excluded.latitude'),
            longitude: eb.ref('excluded.longitude'),
            placeId: eb.ref('excluded.placeId'),
            placeIds: eb.ref('excluded.placeIds'),
            matchedBy: eb.ref('excluded.matchedBy'),
            mappedAt: sql`now()`,
          }))
          .where(
            sql<boolean>`(partner_cities.place_id, partner_cities.place_ids, partner_cities.name, partner_cities.latitude, partner_cities.longitude)
              is distinct from (excluded.place_id, excluded.place_ids, excluded.name, excluded.latitude, excluded.longitude)`,
          ),
      )
      .execute();
  }

  /** Every city of the source with its mapping and watermark. */
  list(db: Executor, source: string): Promise<PartnerCityRow[]> {
    return db
      .selectFrom(TABLE)
      .selectAll()
      .where('source', '=', source)
      .orderBy('cityId')
      .execute();
  }

  /** The city's watermark, inside the transaction that applied its complete pull. */
  async markComplete(trx: Executor, source: string, cityId: string, at: Date): Promise<void> {
    await trx
      .updateTable(TABLE)
      .set({ lastCompletePullAt: at, lastError: null })
      .where('source', '=', source)
      .where('cityId', '=', cityId)
      .execute();
  }

  /** Notes a failed pull (the watermark stays, so the city stays due). */
  async markFailed(db: Executor, source: string, cityId: string, error: string): Promise<void> {
    await db
      .updateTable(TABLE)
      .set({ lastFailedPullAt: sql`now()`, lastError: error.slice(0, 1000) })
      .where('source', '=', source)
      .where('cityId', '=', cityId)
      .execute();
  }
}
