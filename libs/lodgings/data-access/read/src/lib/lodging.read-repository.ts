import { Expression, Kysely, sql } from 'kysely';
import {
  CompiledQueryCache,
  LatLng,
  Page,
  PageRequest,
  countUpTo,
  pageValues,
  placeRollupCount,
  rangedPagedQuery,
  sortShape,
  toPage,
} from '@waypost/shared/db';
import {
  LodgingType,
  LodgingsDatabase,
  UNPRICED_SORT_KEY,
  UNRATED_SORT_KEY,
} from '@waypost/lodgings/schema';

/** A lodging as the API reads it. */
export interface LodgingRow {
  readonly id: string;
  readonly name: string;
  readonly type: LodgingType;
  readonly address: string | null;
  readonly district: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly rating: number | null;
  readonly ratingCount: number;
  /** The decimal string as the partner gave it. */
  readonly price: string | null;
  readonly currency: string | null;
  readonly facilities: string[];
  readonly images: string[];
  readonly placeId: string | null;
  /** The sort keys as the roll-up holds them (price as exact text). */
  readonly priceKey: string;
  readonly ratingKey: number;
  /** Metres from `filter[near]`, rounded to 0.1 m; only with it. */
  readonly distance?: number;
}

export interface Near extends LatLng {
  readonly radiusM: number;
}

export interface LodgingFilter {
  /** Roll-up: lodgings at the place or any place below it (the roll-up table, in order). */
  readonly place?: string;
  /** Only lodgings indexed at the place itself. */
  readonly placeDirect?: string;
  readonly type?: readonly LodgingType[];
  /** At most this price per night (a decimal string) in `currency`: no conversion. */
  readonly priceMax?: string;
  /** Only lodgings priced in this currency. */
  readonly currency?: string;
  readonly ratingMin?: number;
  /** Every one of these facilities. */
  readonly facility?: readonly string[];
  readonly near?: Near;
}

export type LodgingSortField = 'name' | 'price' | 'rating' | 'distance';

const point = (p: LatLng) => sql`ST_SetSRID(ST_MakePoint(${p.lng}, ${p.lat}), 4326)::geography`;
const PRICE_KEY = `coalesce(t.price, ${UNPRICED_SORT_KEY})`;
const RATING_KEY = `coalesce(t.rating, ${UNRATED_SORT_KEY})`;

/** A filter as bound into SQL: plain values (see `CompiledQueryCache`). */
interface BoundFilter {
  readonly [key: string]: unknown;
  readonly place?: string;
  readonly placeDirect?: string;
  readonly type?: string[];
  readonly priceMax?: string;
  readonly currency?: string;
  readonly ratingMin?: number;
  readonly facility?: string[];
  readonly near?: { readonly lat: number; readonly lng: number; readonly radiusM: number };
}

function bound(f: LodgingFilter): BoundFilter {
  return {
    place: f.place,
    placeDirect: f.placeDirect,
    type: f.type && [...f.type],
    priceMax: f.priceMax,
    currency: f.currency,
    ratingMin: f.ratingMin,
    facility: f.facility && [...f.facility],
    near: f.near && { lat: f.near.lat, lng: f.near.lng, radiusM: f.near.radiusM },
  };
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
    return row as LodgingRow | undefined;
  }

  /** One keyset page of the matches; the id breaks ties in the last sort field's direction. */
  async list(
    filter: LodgingFilter,
    page: PageRequest<LodgingSortField>,
  ): Promise<Page<LodgingRow>> {
    const values = { filter: bound(filter), page: pageValues(page) };
    const shape = `list:${sortShape(page.sort)}:${filter.near ? 'near' : ''}`;
    const rows = await this.queries.execute(shape, values, (v) => {
      const near = v.filter.near;
      const distance = near ? sql<number>`ST_Distance(t.location, ${point(near)})` : undefined;
      // A roll-up pages in the order of the roll-up's own index: its copies of the sort keys.
      const table = v.filter.place !== undefined ? 'r' : 't';
      return rangedPagedQuery(
        this.filtered(this.select(distance), v.filter),
        page.sort,
        v.page,
        (field) => sortExpression(field, table, distance),
        sql.ref(`${table}.id`),
      );
    });
    return toPage(rows as LodgingRow[], page);
  }

  /** The number of matches, or `cap + 1` when there are more than `cap`. */
  async count(filter: LodgingFilter, cap: number): Promise<number> {
    const values = { filter: bound(filter), limit: cap + 1 };
    const { place, ...others } = values.filter;
    const onlyPlace = place !== undefined && Object.values(others).every((o) => o === undefined);
    const [row] = await this.queries.execute(`count:${onlyPlace}`, values, (v) =>
      onlyPlace
        ? placeRollupCount('lodgings', 'lodgings_by_place', 'name', v.filter.place!, v.limit)
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
      .$if(f.type !== undefined, (q) => q.where('t.type', 'in', f.type! as LodgingType[]))
      .$if(f.currency !== undefined, (q) => q.where('t.currency', '=', f.currency!))
      .$if(f.priceMax !== undefined, (q) =>
        q.where(sql<boolean>`t.price <= ${f.priceMax!}::numeric`),
      )
      .$if(f.ratingMin !== undefined, (q) => q.where('t.rating', '>=', f.ratingMin!))
      .$if(f.facility !== undefined, (q) =>
        q.where(sql<boolean>`t.facilities @> ${f.facility!}::text[]`),
      )
      .$if(f.near !== undefined, (q) =>
        q.where(sql<boolean>`ST_DWithin(t.location, ${point(f.near!)}, ${f.near!.radiusM})`),
      );
  }

  private select(distance?: Expression<number>) {
    return this.db
      .selectFrom('lodgings.lodgings as t')
      .select([
        't.id',
        't.name',
        't.type',
        't.address',
        't.district',
        't.latitude',
        't.longitude',
        't.rating',
        't.ratingCount',
        't.currency',
        't.facilities',
        't.images',
        sql<string>`t.price::text`.as('price'),
        sql<string | null>`t.direct_place_ids[1]`.as('placeId'),
        sql<string>`${sql.raw(PRICE_KEY)}::text`.as('priceKey'),
        sql<number>`${sql.raw(RATING_KEY)}`.as('ratingKey'),
      ])
      .$if(distance !== undefined, (q) =>
        q.select(sql<number>`round(${distance!}::numeric, 1)::float8`.as('distance')),
      );
  }
}

// The sort keys are the roll-up's columns, or the same expressions over the table.
function sortExpression(
  field: LodgingSortField,
  table: 't' | 'r',
  distance?: Expression<number>,
): Expression<unknown> {
  switch (field) {
    case 'name':
      return sql.ref(`${table}.name`);
    case 'price':
      return table === 'r' ? sql.ref('r.price') : sql.raw(PRICE_KEY);
    case 'rating':
      return table === 'r' ? sql.ref('r.rating') : sql.raw(RATING_KEY);
    case 'distance':
      if (!distance) throw new Error('sorting by distance needs filter[near]');
      return sql`round(${distance}::numeric, 1)::float8`;
  }
}

/** The cursor value of a sort field for a row, matching the SQL sort expression. */
export function lodgingSortValues(row: LodgingRow): Record<LodgingSortField | 'id', unknown> {
  return {
    id: row.id,
    name: row.name,
    price: row.priceKey,
    rating: row.ratingKey,
    distance: row.distance,
  };
}
