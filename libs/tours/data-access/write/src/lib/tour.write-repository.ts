import { Insertable, Kysely } from 'kysely';
import { UpsertCounts, upsertChanged } from '@waypost/shared/db';
import { ToursDatabase, ToursTable } from '@waypost/tours/schema';

/** A tour as a sync writes it: every column but `syncedAt`, which the database stamps. */
export type TourWrite = Readonly<Omit<Insertable<ToursTable>, 'syncedAt'>>;

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
  async delete(trx: Executor, source: string, sourceIds: readonly string[]): Promise<number> {
    if (sourceIds.length === 0) return 0;
    const result = await trx
      .deleteFrom(TABLE)
      .where('source', '=', source)
      .where('sourceId', 'in', [...sourceIds])
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
