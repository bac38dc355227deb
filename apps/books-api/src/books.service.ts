import { Inject, Injectable } from '@nestjs/common';
import {
  DocumentBuilder,
  createDocumentBuilder,
  parseJsonApiQuery,
  parseSingleResourceQuery,
  queryStringOf,
} from '@waypost/shared/jsonapi';
import {
  BookFilter,
  BookReadRepository,
  BookRow,
  BookSortField,
  priceSortValue,
} from '@waypost/books/data-access/read';
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
import { BooksApiConfig } from './books-api.config';
import { BOOK, BOOKS, PLACE } from './books.resources';

/** Answers `/books`: one read-repository call per part, builders made once. */
@Injectable()
export class BooksService {
  private readonly collection: DocumentBuilder;
  private readonly single: DocumentBuilder;

  constructor(
    private readonly books: BookReadRepository,
    private readonly places: PlaceDirectory,
    @Inject(READ_API_CONFIG) config: BooksApiConfig,
  ) {
    const options = { baseUrl: config.publicBaseUrl, related: [PLACE] };
    this.collection = createDocumentBuilder(BOOKS, options);
    this.single = createDocumentBuilder(BOOK, options);
  }

  async list(url: string): Promise<DocumentResult> {
    const query = parseJsonApiQuery(queryStringOf(url), BOOKS, { related: [PLACE] });
    const { place, format, language, publishedAfter, q } = query.filter;
    const filter: BookFilter = { place, format, language, publishedAfter, q };
    const [page, count] = await Promise.all([
      this.books.list(filter, pageRequest<BookSortField>(query)),
      this.books.count(filter, TOTAL_CAP),
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
    const query = parseSingleResourceQuery(queryStringOf(url), BOOK, { related: [PLACE] });
    // PostgreSQL's text cannot hold NUL, so no book has such an id.
    const row = id.includes('\u0000') ? undefined : await this.books.findById(id);
    if (!row) throw notFound('book', id);
    return {
      paginated: false,
      document: this.single.resource(toResource(row), {
        url,
        query,
        included: await this.includedFor([row], query.include),
      }),
    };
  }

  /** `include=places`: the places the rows are about, in one query. */
  private async includedFor(rows: readonly BookRow[], include: readonly string[]) {
    if (!include.includes('places')) return undefined;
    return { places: await this.places.findByIds(rows.flatMap((r) => r.directPlaceIds)) };
  }
}

/** A row as the document builder takes it: attributes and the places' linkage. */
function toResource(r: BookRow) {
  return {
    id: r.id,
    isbn13: r.isbn13,
    title: r.title,
    subtitle: r.subtitle,
    contributors: r.contributors,
    format: r.format,
    formatDetail: r.formatDetail,
    language: r.language,
    publisher: r.publisher,
    publishedAt: r.publishedAt.toISOString().slice(0, 10),
    description: r.description,
    price: r.price === null ? null : { amount: r.price, currency: r.currency },
    prices: r.prices,
    availability: r.availability,
    // How each place was found: by Thema place qualifier or by name in keywords and title.
    placesFoundBy: { qualifier: r.qualifierPlaceIds, mention: r.mentionPlaceIds },
    updatedAt: r.sourceUpdatedAt.toISOString(),
    places: r.directPlaceIds,
  };
}

const sortRow = (r: BookRow) => ({
  id: r.id,
  title: r.title,
  publishedAt: r.publishedAt,
  price: priceSortValue(r.price),
});
