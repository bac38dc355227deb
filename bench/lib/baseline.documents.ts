/*
 * The JSON:API documents of the bench endpoints built by hand from raw rows (snake_case, as
 * node-postgres returns them): no serializer library, no per-request specs. The bench checks that
 * the baseline answers the same bytes as places-api.
 */

export interface PlaceRecord {
  readonly id: string;
  readonly level: string;
  readonly name: string;
  readonly parent_id: string | null;
  readonly ancestor_ids: readonly string[];
  readonly country_code: string | null;
  readonly population: number | null;
  readonly centroid: unknown;
  readonly distance?: number;
}

export interface PointOfInterestRecord {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly description: string | null;
  readonly address: string | null;
  readonly address_source: 'cms' | 'google-places' | null;
  readonly opening_hours: unknown;
  readonly opening_hours_source: 'cms' | 'google-places' | null;
  readonly website: string | null;
  readonly rating: number | null;
  readonly business_status: string | null;
  readonly permanently_closed: boolean;
  readonly time_zone: string | null;
  readonly cms_synced_at: Date;
  readonly google_fetched_at: Date | null;
  readonly location: unknown;
  readonly place_id: string | null;
  readonly place_ids: readonly string[];
}

/** A page of rows as fetched (`size + 1` rows tell whether a next page exists) and the capped count. */
export interface PageOf<R> {
  readonly rows: readonly R[];
  readonly size: number;
  readonly count: number;
  readonly countCap: number;
}

const JSONAPI = { version: '1.1' };
const enc = encodeURIComponent;
const placeRef = (id: string) => ({ type: 'places', id });

export class HandDocuments {
  constructor(private readonly baseUrl: string) {}

  place(row: PlaceRecord) {
    const base = this.baseUrl;
    const id = enc(row.id);
    const resource: Record<string, unknown> = {
      type: 'places',
      id: row.id,
      links: { self: `${base}/places/${id}` },
      attributes: {
        name: row.name,
        level: row.level,
        countryCode: row.country_code,
        population: row.population,
        centroid: row.centroid,
      },
      relationships: {
        parent:
          row.parent_id === null
            ? { data: null }
            : {
                data: placeRef(row.parent_id),
                links: { related: `${base}/places/${enc(row.parent_id)}` },
              },
        ancestors: {
          data: row.ancestor_ids.map(placeRef),
          links: { related: `${base}/places/${id}/ancestors` },
        },
        children: { links: { related: `${base}/places/${id}/children` } },
        pointsOfInterest: { links: { related: `${base}/pointsOfInterest?filter[place]=${id}` } },
      },
    };
    if (row.distance !== undefined) resource['meta'] = { distance: row.distance };
    return resource;
  }

  pointOfInterest(row: PointOfInterestRecord) {
    const base = this.baseUrl;
    return {
      type: 'pointsOfInterest',
      id: row.id,
      links: { self: `${base}/pointsOfInterest/${enc(row.id)}` },
      attributes: {
        name: row.name,
        category: row.category,
        description: row.description,
        address: row.address,
        openingHours: row.opening_hours,
        website: row.website,
        rating: row.rating,
        businessStatus: row.business_status,
        permanentlyClosed: row.permanently_closed,
        timeZone: row.time_zone,
        provenance: provenanceOf(row),
        location: row.location,
      },
      relationships: {
        place:
          row.place_id === null
            ? { data: null }
            : {
                data: placeRef(row.place_id),
                links: { related: `${base}/places/${enc(row.place_id)}` },
              },
        places: { data: row.place_ids.map(placeRef) },
      },
    };
  }

  /** A collection sorted by `sortField` then id (the cursor's values), with its pagination links. */
  collection<R extends { id: string }>(
    url: string,
    page: PageOf<R>,
    sortField: keyof R & string,
    resource: (row: R) => object,
  ): string {
    const rows = page.rows.slice(0, page.size);
    const last = rows[rows.length - 1];
    const next =
      page.rows.length > page.size && last
        ? Buffer.from(JSON.stringify([`${sortField},id`, last[sortField], last.id])).toString(
            'base64url',
          )
        : null;
    const self = `${this.baseUrl}${url}`;
    return JSON.stringify({
      jsonapi: JSONAPI,
      links: {
        self,
        first: self,
        next: next === null ? null : `${self}${url.includes('?') ? '&' : '?'}page[after]=${next}`,
        prev: null,
      },
      data: rows.map(resource),
      meta: {
        page:
          page.count > page.countCap ? { totalAtLeast: page.countCap + 1 } : { total: page.count },
      },
    });
  }

  /** One place with the places `include` asked for (never the place itself twice). */
  placeWithIncluded(url: string, row: PlaceRecord, included: readonly PlaceRecord[]): string {
    return JSON.stringify({
      jsonapi: JSONAPI,
      links: { self: `${this.baseUrl}${url}` },
      data: this.place(row),
      included: included.filter((p) => p.id !== row.id).map((p) => this.place(p)),
    });
  }
}

/** Where each enriched value came from and when (as places-api's pointOfInterestProvenance). */
export function provenanceOf(row: PointOfInterestRecord) {
  const from = (source: 'cms' | 'google-places' | null) => {
    if (source === 'cms') return { source, fetchedAt: row.cms_synced_at.toISOString() };
    if (source === 'google-places' && row.google_fetched_at) {
      return { source, fetchedAt: row.google_fetched_at.toISOString() };
    }
    return null;
  };
  return {
    address: from(row.address_source),
    openingHours: from(row.opening_hours_source),
    website: from(row.website === null ? null : 'google-places'),
    rating: from(row.rating === null ? null : 'google-places'),
  };
}
