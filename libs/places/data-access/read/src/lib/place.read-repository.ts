import { Expression, Kysely, sql } from 'kysely';
import {
  CompiledQueryCache,
  LatLng,
  Page,
  PageRequest,
  asGeoJson,
  countUpTo,
  pageValues,
  pagedQuery,
  sortShape,
  toPage,
} from '@waypost/shared/db';
import { PlaceLevel, PlacesDatabase } from '@waypost/places/schema';
import { Near, PlaceRow } from './read.types';

export interface PlaceFilter {
  readonly level?: PlaceLevel;
  readonly parent?: string;
  readonly country?: string;
  /** Name prefix, else trigram similarity. */
  readonly q?: string;
  readonly near?: Near;
  /** Every place whose boundary contains the point, and the ancestors of the deepest one. */
  readonly contains?: LatLng;
  readonly ids?: readonly string[];
}

export type PlaceSortField = 'name' | 'population' | 'distance';

export interface PlaceListOptions {
  readonly withBoundary?: boolean;
}

const point = (p: LatLng) => sql`ST_SetSRID(ST_MakePoint(${p.lng}, ${p.lat}), 4326)`;

/** A filter as bound into SQL: values computed, objects plain (see `CompiledQueryCache`). */
interface BoundFilter {
  readonly [key: string]: unknown;
  readonly level?: PlaceLevel;
  readonly parent?: string;
  readonly country?: string;
  readonly q?: { readonly prefix: string; readonly lower: string };
  readonly near?: { readonly lat: number; readonly lng: number; readonly radiusM: number };
  readonly contains?: LatLng;
  readonly ids?: readonly string[];
}

function bound(f: PlaceFilter): BoundFilter {
  return {
    level: f.level,
    parent: f.parent,
    country: f.country?.toUpperCase(),
    q:
      f.q === undefined
        ? undefined
        : { prefix: `${escapeLike(f.q.toLowerCase())}%`, lower: f.q.toLowerCase() },
    near: f.near && { lat: f.near.lat, lng: f.near.lng, radiusM: f.near.radiusM },
    contains: f.contains && { lat: f.contains.lat, lng: f.contains.lng },
    ids: f.ids && [...f.ids],
  };
}

/** Read-only queries over places; the API's only way to the places table. */
export class PlaceReadRepository {
  private readonly queries: CompiledQueryCache<PlacesDatabase>;

  constructor(private readonly db: Kysely<PlacesDatabase>) {
    this.queries = new CompiledQueryCache(db);
  }

  async findById(id: string, options: PlaceListOptions = {}): Promise<PlaceRow | undefined> {
    const [row] = await this.queries.execute(`place:${!!options.withBoundary}`, { id }, (v) =>
      this.select(undefined, options).where('p.id', '=', v.id),
    );
    return row;
  }

  async findByIds(ids: readonly string[]): Promise<PlaceRow[]> {
    if (ids.length === 0) return [];
    return this.queries.execute('places', { ids: [...ids] }, (v) =>
      this.select().where('p.id', 'in', v.ids),
    );
  }

  async list(
    filter: PlaceFilter,
    page: PageRequest<PlaceSortField>,
    options: PlaceListOptions = {},
  ): Promise<Page<PlaceRow>> {
    const shape = `list:${sortShape(page.sort)}:${!!options.withBoundary}`;
    const values = { filter: bound(filter), page: pageValues(page) };
    const rows = await this.queries.execute(shape, values, (v) => {
      const near = v.filter.near;
      const distance = near
        ? sql<number>`ST_Distance(p.centroid::geography, ${point(near)}::geography)`
        : undefined;
      return pagedQuery(
        this.filtered(this.select(distance, options), v.filter),
        page.sort,
        v.page,
        (field) => sortExpression(field, distance),
        sql.ref('p.id'),
      );
    });
    return toPage(rows, page);
  }

  /** The number of matches, or `cap + 1` when there are more than `cap`. */
  async count(filter: PlaceFilter, cap: number): Promise<number> {
    const values = { filter: bound(filter), limit: cap + 1 };
    const [row] = await this.queries.execute('count', values, (v) =>
      countUpTo(this.filtered(this.select(), v.filter), v.limit),
    );
    return row?.n ?? 0;
  }

  private filtered(query: ReturnType<PlaceReadRepository['select']>, f: BoundFilter) {
    return query
      .$if(f.level !== undefined, (q) => q.where('p.level', '=', f.level!))
      .$if(f.parent !== undefined, (q) => q.where('p.parentId', '=', f.parent!))
      .$if(f.country !== undefined, (q) => q.where('p.countryCode', '=', f.country!))
      .$if(f.ids !== undefined, (q) => q.where('p.id', 'in', f.ids!))
      .$if(f.q !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb(sql`lower(p.name)`, 'like', f.q!.prefix),
            sql<boolean>`lower(p.name) % ${f.q!.lower}`,
          ]),
        ),
      )
      .$if(f.near !== undefined, (q) =>
        q.where(
          sql<boolean>`ST_DWithin(p.centroid::geography, ${point(f.near!)}::geography, ${f.near!.radiusM})`,
        ),
      )
      .$if(f.contains !== undefined, (q) =>
        q.where((eb) => {
          const deepest = eb
            .selectFrom('places.placeBoundaryParts as b')
            .innerJoin('places.places as c', 'c.id', 'b.placeId')
            .select(sql<string[]>`c.ancestor_ids || c.id`.as('chain'))
            .where(sql<boolean>`ST_Contains(b.geom, ${point(f.contains!)})`)
            .orderBy(sql`cardinality(c.ancestor_ids)`, 'desc')
            .limit(1);
          return sql<boolean>`p.id = any(coalesce((${deepest}), '{}'))`;
        }),
      );
  }

  private select(distance?: Expression<number>, options: PlaceListOptions = {}) {
    return this.db
      .selectFrom('places.places as p')
      .select([
        'p.id',
        'p.level',
        'p.name',
        'p.parentId',
        'p.ancestorIds',
        'p.countryCode',
        'p.population',
        asGeoJson('p.centroid').$notNull().as('centroid'),
      ])
      .$if(!!options.withBoundary, (q) => q.select(asGeoJson('p.boundary').as('boundary')))
      .$if(distance !== undefined, (q) =>
        q.select(sql<number>`round(${distance!}::numeric, 1)::float8`.as('distance')),
      );
  }
}

function sortExpression(field: PlaceSortField, distance?: Expression<number>): Expression<unknown> {
  switch (field) {
    case 'name':
      return sql.ref('p.name');
    case 'population':
      return sql`coalesce(p.population, -1)`;
    case 'distance':
      if (!distance) throw new Error('sorting by distance needs filter[near]');
      return sql`round(${distance}::numeric, 1)::float8`;
  }
}

/** The cursor value of a sort field for a row, matching the SQL sort expression. */
export function placeSortValue(row: PlaceRow, field: PlaceSortField | 'id'): unknown {
  if (field === 'population') return row.population ?? -1;
  if (field === 'distance') return row.distance;
  return row[field];
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
