import { Expression, Kysely, sql } from 'kysely';
import {
  CompiledQueryCache,
  LatLng,
  Page,
  PageRequest,
  asGeoJson,
  countUpTo,
  pageValues,
  placeRollupCount,
  rangedPagedQuery,
  sortShape,
  toPage,
} from '@waypost/shared/db';
import { PlacesDatabase } from '@waypost/places/schema';
import { Near, PointOfInterestRow, ValueSource } from './read.types';

export interface PointOfInterestFilter {
  /** Roll-up: points of interest in the place or anywhere below it (the by-place roll-up table). */
  readonly place?: string;
  /** Only points of interest assigned directly to the place. */
  readonly placeDirect?: string;
  readonly category?: readonly string[];
  readonly near?: Near;
  /** Open at this moment in each POI's local time (its weekly hours and IANA time zone). */
  readonly openAt?: Date;
}

export type PointOfInterestSortField = 'name' | 'category' | 'distance';

const point = (p: LatLng) => sql`ST_SetSRID(ST_MakePoint(${p.lng}, ${p.lat}), 4326)`;

/** A filter as bound into SQL: objects plain (see `CompiledQueryCache`). */
interface BoundFilter {
  readonly [key: string]: unknown;
  readonly place?: string;
  readonly placeDirect?: string;
  readonly category?: readonly string[];
  readonly near?: { readonly lat: number; readonly lng: number; readonly radiusM: number };
  readonly openAt?: string;
}

function bound(f: PointOfInterestFilter): BoundFilter {
  return {
    place: f.place,
    placeDirect: f.placeDirect,
    category: f.category && [...f.category],
    near: f.near && { lat: f.near.lat, lng: f.near.lng, radiusM: f.near.radiusM },
    openAt: f.openAt?.toISOString(),
  };
}

/** Read-only queries over points of interest. */
export class PointOfInterestReadRepository {
  private readonly queries: CompiledQueryCache<PlacesDatabase>;

  constructor(private readonly db: Kysely<PlacesDatabase>) {
    this.queries = new CompiledQueryCache(db);
  }

  async findById(id: string): Promise<PointOfInterestRow | undefined> {
    const [row] = await this.queries.execute('pointOfInterest', { id }, (v) =>
      this.select().where('poi.id', '=', v.id),
    );
    return row;
  }

  async list(
    filter: PointOfInterestFilter,
    page: PageRequest<PointOfInterestSortField>,
  ): Promise<Page<PointOfInterestRow>> {
    const values = { filter: bound(filter), page: pageValues(page) };
    const rows = await this.queries.execute(`list:${sortShape(page.sort)}`, values, (v) => {
      const near = v.filter.near;
      const distance = near
        ? sql<number>`ST_Distance(poi.location::geography, ${point(near)}::geography)`
        : undefined;
      // A roll-up pages in the order of the roll-up's own index: its copies of the sort keys.
      const table = v.filter.place !== undefined ? 'r' : 'poi';
      return rangedPagedQuery(
        this.filtered(this.select(distance), v.filter),
        page.sort,
        v.page,
        (field) => sortExpression(field, table, distance),
        sql.ref(`${table}.id`),
      );
    });
    return toPage(rows, page);
  }

  async count(filter: PointOfInterestFilter, cap: number): Promise<number> {
    const values = { filter: bound(filter), limit: cap + 1 };
    const { place, ...others } = values.filter;
    const onlyPlace = place !== undefined && Object.values(others).every((o) => o === undefined);
    const [row] = await this.queries.execute('count', values, (v) =>
      onlyPlace
        ? placeRollupCount(
            'places',
            'points_of_interest_by_place',
            'name',
            v.filter.place!,
            v.limit,
          )
        : countUpTo(this.filtered(this.select(), v.filter), v.limit),
    );
    return row?.n ?? 0;
  }

  private filtered(query: ReturnType<PointOfInterestReadRepository['select']>, f: BoundFilter) {
    return query
      .$if(f.place !== undefined, (q) =>
        q
          .innerJoin('places.pointsOfInterestByPlace as r', 'r.id', 'poi.id')
          .where('r.placeId', '=', f.place!),
      )
      .$if(f.placeDirect !== undefined, (q) => q.where('poi.placeId', '=', f.placeDirect!))
      .$if(f.category !== undefined, (q) => q.where('poi.category', 'in', f.category!))
      .$if(f.near !== undefined, (q) =>
        q.where(
          sql<boolean>`ST_DWithin(poi.location::geography, ${point(f.near!)}::geography, ${f.near!.radiusM})`,
        ),
      )
      .$if(f.openAt !== undefined, (q) =>
        q
          .where('poi.permanentlyClosed', '=', false)
          .where(
            sql<boolean>`places.open_at(coalesce(poi.opening_hours, poi.google_opening_hours), poi.time_zone, ${f.openAt!}::timestamptz)`,
          ),
      );
  }

  private select(distance?: Expression<number>) {
    return this.db
      .selectFrom('places.pointsOfInterest as poi')
      .select([
        'poi.id',
        'poi.name',
        'poi.category',
        'poi.description',
        // The CMS's value where it has one, else Google's (and which one it is).
        sql<string | null>`coalesce(poi.address, poi.google_address)`.as('address'),
        sql<ValueSource | null>`case when poi.address is not null then 'cms' when poi.google_address is not null then 'google-places' end`.as(
          'addressSource',
        ),
        sql<Record<
          string,
          unknown
        > | null>`coalesce(poi.opening_hours, poi.google_opening_hours)`.as('openingHours'),
        sql<ValueSource | null>`case when poi.opening_hours is not null then 'cms' when poi.google_opening_hours is not null then 'google-places' end`.as(
          'openingHoursSource',
        ),
        'poi.googleWebsite as website',
        'poi.googleRating as rating',
        'poi.googleBusinessStatus as businessStatus',
        'poi.permanentlyClosed',
        'poi.timeZone',
        sql<Date>`poi.synced_at`.as('cmsSyncedAt'),
        'poi.googleFetchedAt',
        asGeoJson('poi.location').$notNull().as('location'),
        'poi.placeId',
        'poi.placeIds',
      ])
      .$if(distance !== undefined, (q) =>
        q.select(sql<number>`round(${distance!}::numeric, 1)::float8`.as('distance')),
      );
  }
}

function sortExpression(
  field: PointOfInterestSortField,
  table: 'poi' | 'r',
  distance?: Expression<number>,
): Expression<unknown> {
  switch (field) {
    case 'name':
      return sql.ref(`${table}.name`);
    case 'category':
      return sql.ref(`${table}.category`);
    case 'distance':
      if (!distance) throw new Error('sorting by distance needs filter[near]');
      return sql`round(${distance}::numeric, 1)::float8`;
  }
}

/** The cursor value of a sort field for a row, matching the SQL sort expression. */
export function pointOfInterestSortValue(
  row: PointOfInterestRow,
  field: PointOfInterestSortField | 'id',
): unknown {
  return field === 'distance' ? row.distance : row[field];
}
