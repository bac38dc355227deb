import { Kysely, sql } from 'kysely';
import { PlacesDatabase } from '@waypost/places/schema';
import { UpsertCounts } from './place.write-repository';

export interface PointOfInterestWrite {
  readonly id: string;
  readonly source: string;
  readonly sourceId: string;
  readonly name: string;
  readonly category: string;
  readonly description: string | null;
  readonly address: string | null;
  readonly openingHours: Record<string, unknown> | null;
  readonly lat: number;
  readonly lng: number;
  readonly placeId: string | null;
  readonly placeIds: readonly string[];
  readonly contentHash: string;
  readonly sourceUpdatedAt: Date;
}

type Executor = Kysely<PlacesDatabase>;

/** Writes points of interest; only places-sync uses it, always inside the batch transaction. */
export class PointOfInterestWriteRepository {
  /** Upserts by (source, source id); rows whose content hash is unchanged are not rewritten. */
  async upsert(trx: Executor, rows: readonly PointOfInterestWrite[]): Promise<UpsertCounts> {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const written = await trx
      .insertInto('places.pointsOfInterest')
      .values(
        rows.map((r) => ({
          id: r.id,
          source: r.source,
          sourceId: r.sourceId,
          name: r.name,
          category: r.category,
          description: r.description,
          address: r.address,
          openingHours: r.openingHours ? JSON.stringify(r.openingHours) : null,
          location: sql`ST_SetSRID(ST_MakePoint(${r.lng}, ${r.lat}), 4326)`,
          placeId: r.placeId,
          placeIds: [...r.placeIds],
          contentHash: r.contentHash,
          sourceUpdatedAt: r.sourceUpdatedAt,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['source', 'sourceId'])
          .doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            category: eb.ref('excluded.category'),
            description: eb.ref('excluded.description'),
            address: eb.ref('excluded.address'),
            openingHours: eb.ref('excluded.openingHours'),
            location: eb.ref('excluded.location'),
            placeId: eb.ref('excluded.placeId'),
            placeIds: eb.ref('excluded.placeIds'),
            contentHash: eb.ref('excluded.contentHash'),
            sourceUpdatedAt: eb.ref('excluded.sourceUpdatedAt'),
            syncedAt: sql`now()`,
          }))
          .where('places.pointsOfInterest.contentHash', '<>', (eb) =>
            eb.ref('excluded.contentHash'),
          ),
      )
      .returning(sql<boolean>`xmax = 0`.as('inserted'))
      .execute();
    const inserted = written.filter((w) => w.inserted).length;
    return {
      inserted,
      updated: written.length - inserted,
      unchanged: rows.length - written.length,
    };
  }

  async delete(trx: Executor, source: string, sourceIds: readonly string[]): Promise<number> {
    if (sourceIds.length === 0) return 0;
    const result = await trx
      .deleteFrom('places.pointsOfInterest')
      .where('source', '=', source)
      .where('sourceId', 'in', [...sourceIds])
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
