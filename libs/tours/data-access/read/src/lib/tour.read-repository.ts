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
import { TOUR_SORT_FALLBACK, ToursDatabase, ToursTable } from '@waypost/tours/schema';

/** A tour as the API reads it; `priceText` is the exact decimal of `priceAmount`. */
export type TourRow = Pick<
  Selectable<ToursTable>,
  | 'id'
  | 'operator'
  | 'title'
  | 'description'
  | 'durationMinutes'
  | 'priceAmount'
  | 'priceCurrency'
  | 'ratingAverage'
  | 'ratingCount'
  | 'images'
  | 'bookingUrl'
  | 'departures'
  | 'startPlaceId'
  | 'directPlaceIds'
  | 'sourceUpdatedAt'
> & { readonly priceText: string | null };

export interface TourFilter {
  /** Roll-up: tours visiting (or starting at) the place or any place below it. */
  readonly place?: string;
  /** Only tours visiting the place itself. */
  readonly placeDirect?: string;
  readonly operator?: string;
  readonly durationMin?: number;
  readonly durationMax?: number;
  /** The "from" price at most this, in the tour's own currency (see `currency`). */
  readonly priceMax?: number;
  readonly currency?: string;
  readonly ratingMin?: number;
  /** A departure on or after this date, and (with both) on or before `departingBefore`. */
  readonly departingAfter?: Date;
  readonly departingBefore?: Date;
}

export type TourSortField = 'name' | 'price' | 'rating' | 'duration';

/** A filter as bound into SQL: plain values (see `CompiledQueryCache`). */
interface BoundFilter extends TourFilter {
  readonly [key: string]: unknown;
}

/** The value a row sorts by on `field` (the cursor holds these): missing values sort as the fallbacks. */
export function tourSortValue(row: TourRow, field: TourSortField): string | number {
  switch (field) {
    case 'name':
      return row.title;
    case 'price':
      return row.priceAmount ?? TOUR_SORT_FALLBACK.price;
    case 'rating':
      return row.ratingAverage ?? TOUR_SORT_FALLBACK.rating;
    case 'duration':
      return row.durationMinutes ?? TOUR_SORT_FALLBACK.duration;
  }
}

/** Read-only queries over tours; the API's only way to its table. */
export class TourReadRepository {
  private readonly queries: CompiledQueryCache<ToursDatabase>;

  constructor(private readonly db: Kysely<ToursDatabase>) {
    this.queries = new CompiledQueryCache(db);
  }

  async findById(id: string): Promise<TourRow | undefined> {
    const [row] = await this.queries.execute('find', { id }, (v) =>
      this.select().where('t.id', '=', v.id),
    );
    return row;
  }

  /** One keyset page of the matches; the id breaks ties in the last sort field's direction. */
  async list(filter: TourFilter, page: PageRequest<TourSortField>): Promise<Page<TourRow>> {
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
  async count(filter: TourFilter, cap: number): Promise<number> {
    const values = { filter: { ...filter } as BoundFilter, limit: cap + 1 };
    const { place, ...others } = values.filter;
    const onlyPlace = place !== undefined && Object.values(others).every((o) => o === undefined);
    const [row] = await this.queries.execute(`count:${onlyPlace}`, values, (v) =>
      onlyPlace
        ? placeRollupCount('tours', 'tours_by_place', 'name', v.filter.place!, v.limit)
        : countUpTo(this.filtered(this.select(), v.filter), v.limit),
    );
    return row?.n ?? 0;
  }

  private filtered(query: ReturnType<TourReadRepository['select']>, f: BoundFilter) {
    return query
      .$if(f.place !== undefined, (q) =>
        q.innerJoin('tours.toursByPlace as r', 'r.id', 't.id').where('r.placeId', '=', f.place!),
      )
      .$if(f.placeDirect !== undefined, (q) =>
        q.where(sql<boolean>`t.direct_place_ids @> array[${f.placeDirect!}]::text[]`),
      )
      .$if(f.operator !== undefined, (q) => q.where('t.operator', '=', f.operator!))
      .$if(f.durationMin !== undefined, (q) => q.where('t.durationMinutes', '>=', f.durationMin!))
      .$if(f.durationMax !== undefined, (q) => q.where('t.durationMinutes', '<=', f.durationMax!))
      .$if(f.priceMax !== undefined, (q) => q.where('t.priceAmount', '<=', f.priceMax!))
      .$if(f.currency !== undefined, (q) => q.where('t.priceCurrency', '=', f.currency!))
      .$if(f.ratingMin !== undefined, (q) => q.where('t.ratingAverage', '>=', f.ratingMin!))
      .$if(f.departingAfter !== undefined || f.departingBefore !== undefined, (q) =>
        q.where(
          sql<boolean>`exists (select 1 from unnest(t.departure_dates) as d (day) where true
            ${f.departingAfter !== undefined ? sql`and d.day >= ${f.departingAfter}::date` : sql``}
            ${f.departingBefore !== undefined ? sql`and d.day <= ${f.departingBefore}::date` : sql``})`,
        ),
      );
  }

  private select() {
    return this.db
      .selectFrom('tours.tours as t')
      .select([
        't.id',
        't.operator',
        't.title',
        't.description',
        't.durationMinutes',
        't.priceAmount',
        sql<string | null>`t.price_amount::text`.as('priceText'),
        't.priceCurrency',
        't.ratingAverage',
        't.ratingCount',
        't.images',
        't.bookingUrl',
        't.departures',
        't.startPlaceId',
        't.directPlaceIds',
        't.sourceUpdatedAt',
      ]);
  }
}

// Missing values sort as the migration's fallbacks, the very expressions the roll-up copies.
function sortExpression(field: TourSortField, table: 't' | 'r') {
  if (table === 'r') return sql.ref(`r.${field}`);
  switch (field) {
    case 'name':
      return sql.ref('t.title');
    case 'price':
      return sql`coalesce(t.price_amount, ${sql.lit(TOUR_SORT_FALLBACK.price)})`;
    case 'rating':
      return sql`coalesce(t.rating_average, ${sql.lit(TOUR_SORT_FALLBACK.rating)})`;
    case 'duration':
      return sql`coalesce(t.duration_minutes, ${sql.lit(TOUR_SORT_FALLBACK.duration)})`;
  }
}
