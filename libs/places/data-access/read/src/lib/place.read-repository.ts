import { Expression, Kysely, RawBuilder, sql } from 'kysely';
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
  /**
   * Search by name, case- and accent-insensitive: exact, prefix or trigram-similar matches (the
   * `relevance` sort ranks them in that order).
   */
  readonly q?: string;
  readonly near?: Near;
  /** Only these places (none when empty). */
  readonly ids?: readonly string[];
}

export type PlaceSortField = 'name' | 'population' | 'distance' | 'relevance';

/** Coarser levels first among equally relevant, equally populous places. */
const LEVEL_ORDER = sql.raw(
  `array['world','continent','country','region','city','neighborhood']::text[]`,
);

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
  readonly q?: { readonly text: string; readonly prefix: string };
  readonly near?: { readonly lat: number; readonly lng: number; readonly radiusM: number };
  readonly ids?: readonly string[];
}

function bound(f: PlaceFilter): BoundFilter {
  return {
    level: f.level,
    parent: f.parent,
    country: f.country?.toUpperCase(),
    q: f.q === undefined ? undefined : { text: f.q, prefix: escapeLike(f.q) },
    near: f.near && { lat: f.near.lat, lng: f.near.lng, radiusM: f.near.radiusM },
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
      const relevance = v.filter.q ? relevanceOf(v.filter.q) : undefined;
      return pagedQuery(
        this.filtered(this.select(distance, options, relevance), v.filter),
        page.sort,
        v.page,
        (field) => sortExpression(field, distance, relevance),
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
      .$if(f.ids !== undefined, (q) =>
        f.ids!.length > 0 ? q.where('p.id', 'in', f.ids!) : q.where(sql<boolean>`false`),
      )
      .$if(f.q !== undefined, (q) =>
        q.where(
          sql<boolean>`(places.fold(p.name) like (places.fold(${f.q!.prefix}) || '%')
            or places.fold(p.name) % places.fold(${f.q!.text})
            or places.fold_all(p.alternate_names) @> array[places.fold(${f.q!.text})])`,
        ),
      )
      .$if(f.near !== undefined, (q) =>
        q.where(
          sql<boolean>`ST_DWithin(p.centroid::geography, ${point(f.near!)}::geography, ${f.near!.radiusM})`,
        ),
      );
  }

  private select(
    distance?: Expression<number>,
    options: PlaceListOptions = {},
    relevance?: RawBuilder<string>,
  ) {
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
      )
      .$if(relevance !== undefined, (q) => q.select(relevance!.as('relevance')));
  }
}

/**
 * A search match's rank as one sortable text (collation C): the tier (0 exact, the name or an
 * alternate name; 1 prefix; 2 fuzzy; names folded by `places.fold`: case and accents ignored),
 * within the fuzzy tier the trigram
 * distance, then the population (largest first), then the level (coarsest first).
 */
function relevanceOf(q: { readonly text: string; readonly prefix: string }) {
  const name = sql`places.fold(p.name)`;
  return sql<string>`(case
      when ${name} = places.fold(${q.text})
        or places.fold_all(p.alternate_names) @> array[places.fold(${q.text})] then '0'
      when ${name} like (places.fold(${q.prefix}) || '%') then '1'
      else '2' || to_char(1 - similarity(${name}, places.fold(${q.text})), 'FM0.000000') end
    || lpad((999999999999 - coalesce(p.population, 0))::text, 12, '0')
    || array_position(${LEVEL_ORDER}, p.level)::text) collate "C"`;
}

function sortExpression(
  field: PlaceSortField,
  distance?: Expression<number>,
  relevance?: Expression<string>,
): Expression<unknown> {
  switch (field) {
    case 'relevance':
      if (!relevance) throw new Error('sorting by relevance needs filter[q]');
      return relevance;
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
  if (field === 'relevance') return row.relevance;
  return row[field];
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
