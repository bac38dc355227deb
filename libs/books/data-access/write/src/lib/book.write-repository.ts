import { Insertable, Kysely } from 'kysely';
import { UpsertCounts, upsertChanged, deleteBySourceIds } from '@waypost/shared/db';
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
  delete(trx: Executor, source: string, sourceIds: readonly string[]): Promise<number> {
    return deleteBySourceIds(trx, TABLE, source, sourceIds);
  }
}
