import { Insertable, Kysely, sql } from 'kysely';
import { UpsertCounts, upsertChanged, deleteBySourceIds } from '@waypost/shared/db';
import { ToursDatabase, ToursTable, ViatorDestinationsTable } from '@waypost/tours/schema';

/** A tour as a sync writes it: every column but `syncedAt`, which the database stamps. */
export type TourWrite = Readonly<Omit<Insertable<ToursTable>, 'syncedAt'>>;

/** A Viator destination's mapping as a sync stores it. */
export type ViatorDestinationWrite = Readonly<
  Omit<Insertable<ViatorDestinationsTable>, 'mappedAt'>
>;

type Executor = Kysely<ToursDatabase>;

const TABLE = 'tours.tours';

/** Writes tours; only tours-sync uses it, always inside the batch transaction. */
export class TourWriteRepository {
  /** Upserts by (source, source id); rows whose content hash is unchanged are not rewritten. */
  upsert(trx: Executor, rows: readonly TourWrite[]): Promise<UpsertCounts> {
    return upsertChanged(trx, TABLE, rows, {
      key: ['source', 'sourceId'],
      hash: 'contentHash',
      stamp: 'syncedAt',
    });
  }

  /** Removes the source's tours with these source ids; returns how many were removed. */
  delete(trx: Executor, source: string, sourceIds: readonly string[]): Promise<number> {
    return deleteBySourceIds(trx, TABLE, source, sourceIds);
  }

  /** The source ids of every tour the dataset holds from `source` (reconciliation). */
  async sourceIds(db: Executor, source: string): Promise<string[]> {
    const rows = await db
      .selectFrom(TABLE)
      .select('sourceId')
      .where('source', '=', source)
      .orderBy('sourceId')
      .execute();
    return rows.map((r) => r.sourceId);
  }

  /**
   * Replaces the stored Viator destination mapping with this sync's, in one transaction: what a
   * destination maps to (or that it maps to nothing) stays queryable between syncs.
   */
  async replaceViatorDestinations(
    db: Executor,
    rows: readonly ViatorDestinationWrite[],
  ): Promise<void> {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('tours.viatorDestinations').execute();
      for (let i = 0; i < rows.length; i += 1_000) {
        await trx
          .insertInto('tours.viatorDestinations')
          .values(rows.slice(i, i + 1_000).map((r) => ({ ...r, mappedAt: sql`now()` })))
          .execute();
      }
    });
  }
}
