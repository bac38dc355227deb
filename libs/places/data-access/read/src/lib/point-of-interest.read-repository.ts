import { Expression, Kysely, sql } from 'kysely';
import { LatLng, Page, PageRequest, asGeoJson, cappedCount, fetchPage } from '@waypost/shared/db';
import { PlacesDatabase } from '@waypost/places/schema';
import { Near, PointOfInterestRow } from './read.types';

export interface PointOfInterestFilter {
  /** Roll-up: points of interest in the place or anywhere below it (GIN on place_ids). */
  readonly place?: string;
  /** Only points of interest assigned directly to the place. */
  readonly placeDirect?: string;
  readonly category?: readonly string[];
  readonly near?: Near;
}

export type PointOfInterestSortField = 'name' | 'category' | 'distance';

const point = (p: LatLng) => sql`ST_SetSRID(ST_MakePoint(${p.lng}, ${p.lat}), 4326)`;

/** Read-only queries over points of interest. */
export class PointOfInterestReadRepository {
  constructor(private readonly db: Kysely<PlacesDatabase>) {}

  async findById(id: string): Promise<PointOfInterestRow | undefined> {
    return this.select().where('poi.id', '=', id).executeTakeFirst();
  }

  async list(
    filter: PointOfInterestFilter,
    page: PageRequest<PointOfInterestSortField>,
  ): Promise<Page<PointOfInterestRow>> {
    const distance = filter.near
      ? sql<number>`ST_Distance(poi.location::geography, ${point(filter.near)}::geography)`
      : undefined;
    return fetchPage(
      this.filtered(this.select(distance), filter),
      page,
      (field) => sortExpression(field, distance),
      sql.ref('poi.id'),
    );
  }

  async count(filter: PointOfInterestFilter, cap: number): Promise<number> {
    return cappedCount(this.db, this.filtered(this.select(), filter), cap);
  }

  private filtered(
    query: ReturnType<PointOfInterestReadRepository['select']>,
    f: PointOfInterestFilter,
  ) {
    return query
      .$if(f.place !== undefined, (q) =>
        q.where(sql<boolean>`poi.place_ids @> array[${f.place!}]::text[]`),
      )
      .$if(f.placeDirect !== undefined, (q) => q.where('poi.placeId', '=', f.placeDirect!))
      .$if(f.category !== undefined, (q) => q.where('poi.category', 'in', [...f.category!]))
      .$if(f.near !== undefined, (q) =>
        q.where(
          sql<boolean>`ST_DWithin(poi.location::geography, ${point(f.near!)}::geography, ${f.near!.radiusM})`,
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
        'poi.address',
        'poi.openingHours',
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
  distance?: Expression<number>,
): Expression<unknown> {
  switch (field) {
    case 'name':
      return sql.ref('poi.name');
    case 'category':
      return sql.ref('poi.category');
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
