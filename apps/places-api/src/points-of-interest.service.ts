import { Inject, Injectable } from '@nestjs/common';
import {
  DocumentBuilder,
  ParsedQuery,
  createDocumentBuilder,
  parseJsonApiQuery,
  parseSingleResourceQuery,
  queryStringOf,
} from '@waypost/shared/jsonapi';
import {
  PlaceReadRepository,
  PointOfInterestFilter,
  PointOfInterestReadRepository,
  PointOfInterestRow,
  PointOfInterestSortField,
  pointOfInterestSortValue,
} from '@waypost/places/data-access/read';
import { PLACE, POINTS_OF_INTEREST, POINT_OF_INTEREST } from './places.resources';
import { PlacesApiConfig } from './places-api.config';
import {
  DocumentResult,
  READ_API_CONFIG,
  TOTAL_CAP,
  notFound,
  pageCursors,
  pageRequest,
  totalMeta,
} from '@waypost/shared/read-api';
import { toResource as placeResource } from './places.service';
import { nearFilter, withDistanceDefault } from './near.filter';
import { pointOfInterestProvenance } from './point-of-interest.provenance';

/** Answers the points-of-interest endpoints. */
@Injectable()
export class PointsOfInterestService {
  private readonly collection: DocumentBuilder;
  private readonly single: DocumentBuilder;

  constructor(
    private readonly pointsOfInterest: PointOfInterestReadRepository,
    private readonly places: PlaceReadRepository,
    @Inject(READ_API_CONFIG) config: PlacesApiConfig,
  ) {
    const options = { baseUrl: config.publicBaseUrl, related: [PLACE] };
    this.collection = createDocumentBuilder(POINTS_OF_INTEREST, options);
    this.single = createDocumentBuilder(POINT_OF_INTEREST, options);
  }

  async list(url: string): Promise<DocumentResult> {
    const query = parseJsonApiQuery(withDistanceDefault(queryStringOf(url)), POINTS_OF_INTEREST, {
      related: [PLACE],
    });
    const { radius, near, place, 'place.direct': placeDirect, category, openAt } = query.filter;
    return this.page(this.collection, url, query, {
      place,
      placeDirect,
      category,
      near: nearFilter(query, { near, radius }),
      openAt,
    });
  }

  async get(id: string, url: string): Promise<DocumentResult> {
    const query = parseSingleResourceQuery(queryStringOf(url), POINT_OF_INTEREST, {
      related: [PLACE],
    });
    const row = await this.find(id);
    return {
      paginated: false,
      document: this.single.resource(toResource(row), {
        url,
        query,
        included: { places: await this.includedFor([row], query.include) },
      }),
    };
  }

  private async find(id: string): Promise<PointOfInterestRow> {
    const row = await this.pointsOfInterest.findById(id);
    if (!row) throw notFound('point of interest', id);
    return row;
  }

  private async page(
    builder: DocumentBuilder,
    url: string,
    query: ParsedQuery,
    filter: PointOfInterestFilter,
  ): Promise<DocumentResult> {
    const [page, count] = await Promise.all([
      this.pointsOfInterest.list(filter, pageRequest<PointOfInterestSortField>(query)),
      this.pointsOfInterest.count(filter, TOTAL_CAP),
    ]);
    return {
      paginated: true,
      document: builder.collection(page.rows.map(toResource), {
        url,
        query,
        page: pageCursors(page, query.sort, sortRow),
        included: { places: await this.includedFor(page.rows, query.include) },
        meta: totalMeta(count),
      }),
    };
  }

  private async includedFor(rows: readonly PointOfInterestRow[], include: readonly string[]) {
    const ids = new Set<string>();
    for (const row of rows) {
      if (include.includes('place') && row.placeId) ids.add(row.placeId);
      if (include.includes('places')) row.placeIds.forEach((p) => ids.add(p));
    }
    return (await this.places.findByIds([...ids])).map(placeResource);
  }
}

function toResource(p: PointOfInterestRow) {
  return {
    id: p.id,
    name: p.name,
    category: p.category,
    description: p.description,
    address: p.address,
    openingHours: p.openingHours,
    website: p.website,
    rating: p.rating,
    businessStatus: p.businessStatus,
    permanentlyClosed: p.permanentlyClosed,
    timeZone: p.timeZone,
    provenance: pointOfInterestProvenance(p),
    location: p.location,
    place: p.placeId,
    places: p.placeIds,
    distance: p.distance,
  };
}

const sortRow = (p: PointOfInterestRow) => ({
  id: p.id,
  name: pointOfInterestSortValue(p, 'name'),
  category: pointOfInterestSortValue(p, 'category'),
  distance: pointOfInterestSortValue(p, 'distance'),
});
