import { Inject, Injectable } from '@nestjs/common';
import {
  DocumentBuilder,
  createDocumentBuilder,
  parseJsonApiQuery,
  parseSingleResourceQuery,
  queryStringOf,
} from '@waypost/shared/jsonapi';
import { TourReadRepository, TourRow, TourSortField } from '@waypost/tours/data-access/read';
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
import { ToursApiConfig } from './tours-api.config';
import { TOUR, TOURS, PLACE } from './tours.resources';

/** Answers `/tours`: one read-repository call per part, builders made once. */
@Injectable()
export class ToursService {
  private readonly collection: DocumentBuilder;
  private readonly single: DocumentBuilder;

  constructor(
    private readonly tours: TourReadRepository,
    private readonly places: PlaceDirectory,
    @Inject(READ_API_CONFIG) config: ToursApiConfig,
  ) {
    const options = { baseUrl: config.publicBaseUrl, related: [PLACE] };
    this.collection = createDocumentBuilder(TOURS, options);
    this.single = createDocumentBuilder(TOUR, options);
  }

  async list(url: string): Promise<DocumentResult> {
    const query = parseJsonApiQuery(queryStringOf(url), TOURS, { related: [PLACE] });
    const { place, 'place.direct': placeDirect, updatedAfter } = query.filter;
    const filter = { place, placeDirect, updatedAfter };
    const [page, count] = await Promise.all([
      this.tours.list(filter, pageRequest<TourSortField>(query)),
      this.tours.count(filter, TOTAL_CAP),
    ]);
    return {
      paginated: true,
      document: this.collection.collection(page.rows.map(toResource), {
        url,
        query,
        page: pageCursors(page, query.sort, sortRow),
        meta: totalMeta(count),
        included: await this.includedFor(page.rows, query.include),
      }),
    };
  }

  async get(id: string, url: string): Promise<DocumentResult> {
    const query = parseSingleResourceQuery(queryStringOf(url), TOUR, { related: [PLACE] });
    const row = await this.tours.findById(id);
    if (!row) throw notFound('tour', id);
    return {
      paginated: false,
      document: this.single.resource(toResource(row), {
        url,
        query,
        included: await this.includedFor([row], query.include),
      }),
    };
  }

  /** `include=places`: the places the rows are indexed at, in one query. */
  private async includedFor(rows: readonly TourRow[], include: readonly string[]) {
    if (!include.includes('places')) return undefined;
    return { places: await this.places.findByIds(rows.flatMap((r) => r.directPlaceIds)) };
  }
}

/** A row as the document builder takes it: attributes and the places' linkage. */
function toResource(r: TourRow) {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    url: r.url,
    location:
      r.latitude === null || r.longitude === null
        ? null
        : { type: 'Point', coordinates: [r.longitude, r.latitude] },
    updatedAt: r.sourceUpdatedAt.toISOString(),
    places: r.directPlaceIds,
  };
}

const sortRow = (r: TourRow) => ({ id: r.id, name: r.name, updatedAt: r.sourceUpdatedAt });
