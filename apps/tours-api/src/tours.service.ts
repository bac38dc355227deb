import { Inject, Injectable } from '@nestjs/common';
import {
  DocumentBuilder,
  createDocumentBuilder,
  parseJsonApiQuery,
  parseSingleResourceQuery,
  queryStringOf,
} from '@waypost/shared/jsonapi';
import {
  TourReadRepository,
  TourRow,
  TourSortField,
  tourSortValue,
} from '@waypost/tours/data-access/read';
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

/** Departures shown per tour: the next ones from today. */
const NEXT_DEPARTURES = 5;

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
    const f = query.filter;
    const filter = {
      place: f.place,
      placeDirect: f['place.direct'],
      operator: f.operator,
      durationMin: f.durationMin,
      durationMax: f.durationMax,
      priceMax: f.priceMax,
      currency: f.currency,
      ratingMin: f.ratingMin,
      departingAfter: f.departingAfter,
      departingBefore: f.departingBefore,
    };
    const [page, count] = await Promise.all([
      this.tours.list(filter, pageRequest<TourSortField>(query)),
      this.tours.count(filter, TOTAL_CAP),
    ]);
    const today = todayUtc();
    return {
      paginated: true,
      document: this.collection.collection(
        page.rows.map((r) => toResource(r, today)),
        {
          url,
          query,
          page: pageCursors(page, query.sort, sortRow),
          meta: totalMeta(count),
          included: await this.includedFor(page.rows, query.include),
        },
      ),
    };
  }

  async get(id: string, url: string): Promise<DocumentResult> {
    const query = parseSingleResourceQuery(queryStringOf(url), TOUR, { related: [PLACE] });
    const row = await this.tours.findById(id);
    if (!row) throw notFound('tour', id);
    return {
      paginated: false,
      document: this.single.resource(toResource(row, todayUtc()), {
        url,
        query,
        included: await this.includedFor([row], query.include),
      }),
    };
  }

  /** `include=visitedPlaces,startPlace`: the places the rows name, in one query. */
  private async includedFor(rows: readonly TourRow[], include: readonly string[]) {
    const ids = [
      ...(include.includes('visitedPlaces') ? rows.flatMap((r) => r.directPlaceIds) : []),
      ...(include.includes('startPlace') ? rows.flatMap((r) => r.startPlaceId ?? []) : []),
    ];
    if (include.length === 0) return undefined;
    return { places: await this.places.findByIds(ids) };
  }
}

const todayUtc = () => new Date().toISOString().slice(0, 10);

/** A row as the document builder takes it: attributes and the places' linkage. */
function toResource(r: TourRow, today: string) {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    operator: r.operator,
    durationMinutes: r.durationMinutes,
    price:
      r.priceText !== null && r.priceCurrency !== null
        ? { amount: r.priceText, currency: r.priceCurrency }
        : null,
    rating: { average: r.ratingAverage, count: r.ratingCount },
    images: r.images,
    bookingUrl: r.bookingUrl,
    nextDepartures: r.departures.filter((d) => d.startDate >= today).slice(0, NEXT_DEPARTURES),
    updatedAt: r.sourceUpdatedAt.toISOString(),
    visitedPlaces: r.directPlaceIds,
    startPlace: r.startPlaceId,
  };
}

const sortRow = (r: TourRow) => ({
  id: r.id,
  name: tourSortValue(r, 'name'),
  price: tourSortValue(r, 'price'),
  rating: tourSortValue(r, 'rating'),
  duration: tourSortValue(r, 'duration'),
});
