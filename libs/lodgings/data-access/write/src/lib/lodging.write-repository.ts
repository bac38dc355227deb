import { Insertable, Kysely } from 'kysely';
import { UpsertCounts, upsertChanged } from '@waypost/shared/db';
import { LodgingsDatabase, LodgingsTable } from '@waypost/lodgings/schema';

/** A lodging as a sync writes it: every column but `syncedAt`, which the database stamps. */
export type LodgingWrite = Readonly<Omit<Insertable<LodgingsTable>, 'syncedAt'>>;

type Executor = Kysely<LodgingsDatabase>;

const TABLE = 'lodgings.lodgings';

/** Writes lodgings; only lodgings-sync uses it, always inside the batch transaction. */
export class LodgingWriteRepository {
  /** Upserts by (source, source id); rows whose content hash is unchanged are not rewritten. */
  upsert(trx: Executor, rows: readonly LodgingWrite[]): Promise<UpsertCounts> {
    return upsertChanged(trx, TABLE, rows, {
      key: ['source', 'sourceId'],
      hash: 'contentHash',
      stamp: 'syncedAt',
    });
  }

  /** Removes the source's lodgings with these source ids; returns how many were removed. */
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
