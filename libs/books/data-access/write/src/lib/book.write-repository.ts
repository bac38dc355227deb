import { Insertable, Kysely } from 'kysely';
import { UpsertCounts, upsertChanged } from '@waypost/shared/db';
import { BooksDatabase, BooksTable } from '@waypost/books/schema';

/** A book as a sync writes it: every column but `syncedAt`, which the database stamps. */
export type BookWrite = Readonly<Omit<Insertable<BooksTable>, 'syncedAt'>>;

type Executor = Kysely<BooksDatabase>;

const TABLE = 'books.books';

/** Writes books; only books-sync uses it, always inside the batch transaction. */
export class BookWriteRepository {
  /** Upserts by (source, source id); rows whose content hash is unchanged are not rewritten. */
  upsert(trx: Executor, rows: readonly BookWrite[]): Promise<UpsertCounts> {
    return upsertChanged(trx, TABLE, rows, {
      key: ['source', 'sourceId'],
      hash: 'contentHash',
      stamp: 'syncedAt',
    });
  }

  /** Removes the source's books with these source ids; returns how many were removed. */
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
