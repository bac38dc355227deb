import { Kysely, Selectable, sql } from 'kysely';
import {
  CompiledQueryCache,
  Page,
  PageRequest,
  countUpTo,
  pageValues,
  placeRollupCount,
  rangedPagedQuery,
  sortShape,
  toPage,
} from '@waypost/shared/db';
import { BooksDatabase, BooksTable } from '@waypost/books/schema';

/** A book as the API reads it. */
export type BookRow = Pick<
  Selectable<BooksTable>,
  | 'id'
  | 'name'
  | 'description'
  | 'url'
  | 'latitude'
  | 'longitude'
  | 'directPlaceIds'
  | 'sourceUpdatedAt'
>;

export interface BookFilter {
  /** Roll-up: books at the place or any place below it (the roll-up table, in order). */
  readonly place?: string;
  /** Only books at the place itself. */
  readonly placeDirect?: string;
  /** Changed at the source strictly after this instant. */
  readonly updatedAfter?: Date;
}

export type BookSortField = 'name' | 'updatedAt';

/** A filter as bound into SQL: plain values (see `CompiledQueryCache`). */
interface BoundFilter extends BookFilter {
  readonly [key: string]: unknown;
}

/** Read-only queries over books; the API's only way to its table. */
export class BookReadRepository {
  private readonly queries: CompiledQueryCache<BooksDatabase>;

  constructor(private readonly db: Kysely<BooksDatabase>) {
    this.queries = new CompiledQueryCache(db);
  }

  async findById(id: string): Promise<BookRow | undefined> {
    const [row] = await this.queries.execute('find', { id }, (v) =>
      this.select().where('t.id', '=', v.id),
    );
    return row;
  }

  /** One keyset page of the matches; the id breaks ties in the last sort field's direction. */
  async list(filter: BookFilter, page: PageRequest<BookSortField>): Promise<Page<BookRow>> {
    const values = { filter: { ...filter } as BoundFilter, page: pageValues(page) };
    const rows = await this.queries.execute(`list:${sortShape(page.sort)}`, values, (v) => {
      // A roll-up pages in the order of the roll-up's own index: its copies of the sort keys.
      const table = v.filter.place !== undefined ? 'r' : 't';
      return rangedPagedQuery(
        this.filtered(this.select(), v.filter),
        page.sort,
        v.page,
        (field) => sortExpression(field, table),
        sql.ref(`${table}.id`),
      );
    });
    return toPage(rows, page);
  }

  /** The number of matches, or `cap + 1` when there are more than `cap`. */
  async count(filter: BookFilter, cap: number): Promise<number> {
    const values = { filter: { ...filter } as BoundFilter, limit: cap + 1 };
    const { place, ...others } = values.filter;
    const onlyPlace = place !== undefined && Object.values(others).every((o) => o === undefined);
    const [row] = await this.queries.execute(`count:${onlyPlace}`, values, (v) =>
      onlyPlace
        ? placeRollupCount('books', 'books_by_place', v.filter.place!, v.limit)
        : countUpTo(this.filtered(this.select(), v.filter), v.limit),
    );
    return row?.n ?? 0;
  }

  private filtered(query: ReturnType<BookReadRepository['select']>, f: BoundFilter) {
    return query
      .$if(f.place !== undefined, (q) =>
        q.innerJoin('books.booksByPlace as r', 'r.id', 't.id').where('r.placeId', '=', f.place!),
      )
      .$if(f.placeDirect !== undefined, (q) =>
        q.where(sql<boolean>`t.direct_place_ids @> array[${f.placeDirect!}]::text[]`),
      )
      .$if(f.updatedAfter !== undefined, (q) => q.where('t.sourceUpdatedAt', '>', f.updatedAfter!));
  }

  private select() {
    return this.db
      .selectFrom('books.books as t')
      .select([
        't.id',
        't.name',
        't.description',
        't.url',
        't.latitude',
        't.longitude',
        't.directPlaceIds',
        't.sourceUpdatedAt',
      ]);
  }
}

// The sort keys are the columns themselves, so a cursor holds the row's values.
function sortExpression(field: BookSortField, table: 't' | 'r') {
  if (field === 'name') return sql.ref(`${table}.name`);
  return sql.ref(table === 'r' ? 'r.updated_at' : 't.source_updated_at');
}
