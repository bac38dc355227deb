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
import { LodgingsDatabase, LodgingsTable } from '@waypost/lodgings/schema';

/** A lodging as the API reads it. */
export type LodgingRow = Pick<
  Selectable<LodgingsTable>,
  | 'id'
  | 'name'
  | 'description'
  | 'url'
  | 'latitude'
  | 'longitude'
  | 'directPlaceIds'
  | 'sourceUpdatedAt'
>;

export interface LodgingFilter {
  /** Roll-up: lodgings at the place or any place below it (the roll-up table, in order). */
  readonly place?: string;
  /** Only lodgings at the place itself. */
  readonly placeDirect?: string;
  /** Changed at the source strictly after this instant. */
  readonly updatedAfter?: Date;
}

export type LodgingSortField = 'name' | 'updatedAt';

/** A filter as bound into SQL: plain values (see `CompiledQueryCache`). */
interface BoundFilter extends LodgingFilter {
  readonly [key: string]: unknown;
}

/** Read-only queries over lodgings; the API's only way to its table. */
export class LodgingReadRepository {
  private readonly queries: CompiledQueryCache<LodgingsDatabase>;

  constructor(private readonly db: Kysely<LodgingsDatabase>) {
    this.queries = new CompiledQueryCache(db);
  }

  async findById(id: string): Promise<LodgingRow | undefined> {
    const [row] = await this.queries.execute('find', { id }, (v) =>
      this.select().where('t.id', '=', v.id),
    );
    return row;
  }

  /** One keyset page of the matches; the id breaks ties in the last sort field's direction. */
  async list(
    filter: LodgingFilter,
    page: PageRequest<LodgingSortField>,
  ): Promise<Page<LodgingRow>> {
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
  async count(filter: LodgingFilter, cap: number): Promise<number> {
    const values = { filter: { ...filter } as BoundFilter, limit: cap + 1 };
    const { place, ...others } = values.filter;
    const onlyPlace = place !== undefined && Object.values(others).every((o) => o === undefined);
    const [row] = await this.queries.execute(`count:${onlyPlace}`, values, (v) =>
      onlyPlace
        ? placeRollupCount('lodgings', 'lodgings_by_place', v.filter.place!, v.limit)
        : countUpTo(this.filtered(this.select(), v.filter), v.limit),
    );
    return row?.n ?? 0;
  }

  private filtered(query: ReturnType<LodgingReadRepository['select']>, f: BoundFilter) {
    return query
      .$if(f.place !== undefined, (q) =>
        q
          .innerJoin('lodgings.lodgingsByPlace as r', 'r.id', 't.id')
          .where('r.placeId', '=', f.place!),
      )
      .$if(f.placeDirect !== undefined, (q) =>
        q.where(sql<boolean>`t.direct_place_ids @> array[${f.placeDirect!}]::text[]`),
      )
      .$if(f.updatedAfter !== undefined, (q) => q.where('t.sourceUpdatedAt', '>', f.updatedAfter!));
  }

  private select() {
    return this.db
      .selectFrom('lodgings.lodgings as t')
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
function sortExpression(field: LodgingSortField, table: 't' | 'r') {
  if (field === 'name') return sql.ref(`${table}.name`);
  return sql.ref(table === 'r' ? 'r.updated_at' : 't.source_updated_at');
}
