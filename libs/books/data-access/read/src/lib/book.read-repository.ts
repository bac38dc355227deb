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
import { BookFormat, BooksDatabase, BooksTable } from '@waypost/books/schema';

/** A book as the API reads it; the price as its exact decimal string. */
export type BookRow = { readonly price: string | null } & Pick<
  Selectable<BooksTable>,
  | 'id'
  | 'isbn13'
  | 'title'
  | 'subtitle'
  | 'contributors'
  | 'format'
  | 'formatDetail'
  | 'language'
  | 'publisher'
  | 'publishedAt'
  | 'description'
  | 'currency'
  | 'prices'
  | 'availability'
  | 'qualifierPlaceIds'
  | 'mentionPlaceIds'
  | 'directPlaceIds'
  | 'sourceUpdatedAt'
>;

export interface BookFilter {
  /** Roll-up: books about the place or any place below it (the roll-up table, in order). */
  readonly place?: string;
  readonly format?: BookFormat;
  /** ISO 639-2/B. */
  readonly language?: string;
  /** Published strictly after this instant. */
  readonly publishedAfter?: Date;
  /** Words of the title, all of them (whole words, any case). */
  readonly q?: string;
}

export type BookSortField = 'title' | 'publishedAt' | 'price';

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
    const shape = `list:${sortShape(page.sort)}:${filterShape(filter)}`;
    const rows = await this.queries.execute(shape, values, (v) => {
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
    const [row] = await this.queries.execute(
      `count:${onlyPlace}:${filterShape(filter)}`,
      values,
      (v) =>
        onlyPlace
          ? placeRollupCount('books', 'books_by_place', 'title', v.filter.place!, v.limit)
          : countUpTo(this.filtered(this.select(), v.filter), v.limit),
    );
    return row?.n ?? 0;
  }

  private filtered(query: ReturnType<BookReadRepository['select']>, f: BoundFilter) {
    return query
      .$if(f.place !== undefined, (q) =>
        q.innerJoin('books.booksByPlace as r', 'r.id', 't.id').where('r.placeId', '=', f.place!),
      )
      .$if(f.format !== undefined, (q) => q.where('t.format', '=', f.format!))
      .$if(f.language !== undefined, (q) => q.where('t.language', '=', f.language!))
      .$if(f.publishedAfter !== undefined, (q) => q.where('t.publishedAt', '>', f.publishedAfter!))
      .$if(f.q !== undefined, (q) =>
        q.where(
          sql<boolean>`to_tsvector('simple'::regconfig, t.title) @@ plainto_tsquery('simple'::regconfig, ${f.q!})`,
        ),
      );
  }

  private select() {
    return this.db
      .selectFrom('books.books as t')
      .select([
        't.id',
        't.isbn13',
        't.title',
        't.subtitle',
        't.contributors',
        't.format',
        't.formatDetail',
        't.language',
        't.publisher',
        't.publishedAt',
        't.description',
        sql<string | null>`t.price::text`.as('price'),
        't.currency',
        't.prices',
        't.availability',
        't.qualifierPlaceIds',
        't.mentionPlaceIds',
        't.directPlaceIds',
        't.sourceUpdatedAt',
      ]);
  }
}

/** Which filters a query has: each shape compiles once (values are bound). */
const filterShape = (f: BookFilter) =>
  (['place', 'format', 'language', 'publishedAfter', 'q'] as const)
    .map((k) => (f[k] === undefined ? '-' : k[0]))
    .join('');

/** A book's sort value for `price`: books without one sort as the cheapest (as in the roll-up). */
export const priceSortValue = (price: string | null): number =>
  price === null ? -1 : Number(price);

// The sort keys are the columns themselves (price with its roll-up's coalesce), so a cursor holds
// the row's values.
function sortExpression(field: BookSortField, table: 't' | 'r') {
  if (field === 'title') return sql.ref(`${table}.title`);
  if (field === 'publishedAt') return sql.ref(`${table}.published_at`);
  return table === 'r' ? sql.ref('r.price') : sql`coalesce(t.price, -1)`;
}
