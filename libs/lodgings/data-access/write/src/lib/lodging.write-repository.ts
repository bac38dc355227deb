import { Insertable, Kysely, sql } from 'kysely';
import { UpsertCounts, upsertChanged, deleteBySourceIds } from '@waypost/shared/db';
import { LodgingsDatabase, LodgingsTable } from '@waypost/lodgings/schema';

/** A lodging as a sync writes it: every column but the generated and stamped ones. */
export type LodgingWrite = Readonly<Omit<Insertable<LodgingsTable>, 'syncedAt' | 'location'>>;

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
  delete(trx: Executor, source: string, sourceIds: readonly string[]): Promise<number> {
    return deleteBySourceIds(trx, TABLE, source, sourceIds);
  }

  /**
   * After a complete pull of a partition: removes the source's lodgings of that partition whose
   * ids the pull did not see; returns how many were removed.
   */
  async deleteUnseen(
    trx: Executor,
    source: string,
    partition: string,
    seen: readonly string[],
  ): Promise<number> {
    const result = await trx
      .deleteFrom(TABLE)
      .where('source', '=', source)
      .where('partition', '=', partition)
      .where(sql<boolean>`source_id <> all(${[...seen]}::text[])`)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
