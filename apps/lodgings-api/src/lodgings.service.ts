import { Inject, Injectable } from '@nestjs/common';
import {
  DocumentBuilder,
  JsonApiError,
  JsonApiErrorList,
  ParsedQuery,
  createDocumentBuilder,
  parseJsonApiQuery,
  parseSingleResourceQuery,
  queryStringOf,
} from '@waypost/shared/jsonapi';
import {
  LodgingFilter,
  LodgingReadRepository,
  LodgingRow,
  LodgingSortField,
  lodgingSortValues,
} from '@waypost/lodgings/data-access/read';
import { PlaceDirectory } from '@waypost/places/gazetteer';
import {
  DocumentResult,
  READ_API_CONFIG,
  TOTAL_CAP,
  notFound,
  pageCursors,
  pageRequest,
  totalMeta,
} from '@waypost/shared/read-api';
import { LodgingsApiConfig } from './lodgings-api.config';
import { DEFAULT_RADIUS_M, LODGING, LODGINGS, PLACE } from './lodgings.resources';

/** Answers `/lodgings`: one read-repository call per part, builders made once. */
@Injectable()
export class LodgingsService {
  private readonly collection: DocumentBuilder;
  private readonly single: DocumentBuilder;

  constructor(
    private readonly lodgings: LodgingReadRepository,
    private readonly places: PlaceDirectory,
    @Inject(READ_API_CONFIG) config: LodgingsApiConfig,
  ) {
    const options = { baseUrl: config.publicBaseUrl, related: [PLACE] };
    this.collection = createDocumentBuilder(LODGINGS, options);
    this.single = createDocumentBuilder(LODGING, options);
  }

  async list(url: string): Promise<DocumentResult> {
    const query = parseJsonApiQuery(queryStringOf(url), LODGINGS, { related: [PLACE] });
    const filter = lodgingFilter(query);
    const [page, count] = await Promise.all([
      this.lodgings.list(filter, pageRequest<LodgingSortField>(query)),
      this.lodgings.count(filter, TOTAL_CAP),
    ]);
    return {
      paginated: true,
      document: this.collection.collection(page.rows.map(toResource), {
        url,
        query,
        page: pageCursors(page, query.sort, lodgingSortValues),
        meta: totalMeta(count),
        included: await this.includedFor(page.rows, query.include),
      }),
    };
  }

  async get(id: string, url: string): Promise<DocumentResult> {
    const query = parseSingleResourceQuery(queryStringOf(url), LODGING, { related: [PLACE] });
    // PostgreSQL's text cannot hold NUL, so no lodging has such an id.
    const row = id.includes('\u0000') ? undefined : await this.lodgings.findById(id);
    if (!row) throw notFound('lodging', id);
    return {
      paginated: false,
      document: this.single.resource(toResource(row), {
        url,
        query,
        included: await this.includedFor([row], query.include),
      }),
    };
  }

  /** `include=place`: the places the rows are indexed at, in one query. */
  private async includedFor(rows: readonly LodgingRow[], include: readonly string[]) {
    if (!include.includes('place')) return undefined;
    return { places: await this.places.findByIds(rows.flatMap((r) => r.placeId ?? [])) };
  }
}

/**
 * The filter of a parsed query, with the rules between parameters: a price cap is in one currency
 * (no conversion: `filter[priceMax]` needs `filter[currency]`), a radius and the distance sort need
 * a point.
 */
function lodgingFilter(query: ParsedQuery): LodgingFilter {
  const f = query.filter as {
    place?: string;
    'place.direct'?: string;
    type?: LodgingFilter['type'];
    priceMax?: string;
    currency?: string;
    ratingMin?: number;
    facility?: string[];
    near?: { lat: number; lng: number };
    radius?: number;
  };
  const errors: JsonApiError[] = [];
  if (f.priceMax !== undefined && f.currency === undefined) {
    errors.push(
      JsonApiError.badParameter(
        'filter[priceMax]',
        'filter[priceMax] needs filter[currency]: prices are compared in one currency, never converted',
      ),
    );
  }
  if (f.radius !== undefined && !f.near) {
    errors.push(JsonApiError.badParameter('filter[radius]', 'filter[radius] needs filter[near]'));
  }
  if (!f.near && query.sort.some((s) => s.field === 'distance')) {
    errors.push(JsonApiError.badParameter('sort', 'sorting by distance needs filter[near]'));
  }
  if (errors.length > 0) throw new JsonApiErrorList(errors);
  return {
    place: f.place,
    placeDirect: f['place.direct'],
    type: f.type,
    priceMax: f.priceMax,
    currency: f.currency,
    ratingMin: f.ratingMin,
    facility: f.facility,
    near: f.near && { ...f.near, radiusM: f.radius ?? DEFAULT_RADIUS_M },
  };
}

/** A row as the document builder takes it: attributes, the place's linkage, the distance. */
function toResource(r: LodgingRow) {
  return {
    id: r.id,
    name: r.name,
    lodgingType: r.type,
    address: r.address,
    district: r.district,
    location:
      r.latitude === null || r.longitude === null
        ? null
        : { type: 'Point', coordinates: [r.longitude, r.latitude] },
    rating: r.rating,
    ratingCount: r.ratingCount,
    lowestPricePerNight: r.price === null ? null : { amount: r.price, currency: r.currency },
    facilities: r.facilities,
    images: r.images,
    place: r.placeId,
    distance: r.distance,
  };
}
