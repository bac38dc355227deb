import { Inject, Injectable } from '@nestjs/common';
import {
  DocumentBuilder,
  createDocumentBuilder,
  parseJsonApiQuery,
  parseSingleResourceQuery,
  queryStringOf,
} from '@waypost/shared/jsonapi';
import { ArticleKind } from '@waypost/articles/schema';
import {
  ArticleReadRepository,
  ArticleRow,
  ArticleSortField,
} from '@waypost/articles/data-access/read';
import { PlaceDirectory } from '@waypost/places/gazetteer';
import { ArticlesApiConfig } from './articles-api.config';
import {
  DocumentResult,
  READ_API_CONFIG,
  TOTAL_CAP,
  notFound,
  pageCursors,
  pageRequest,
  totalMeta,
  wantsField,
} from '@waypost/shared/read-api';
import { PLACE, RESOURCES_BY_KIND } from './articles.resources';

const NAMES: Record<ArticleKind, string> = { article: 'article', news: 'news item' };

/** Answers `/articles` and `/news`: one read-repository call per part, builders made once. */
@Injectable()
export class ArticlesService {
  private readonly builders: Record<
    ArticleKind,
    { readonly collection: DocumentBuilder; readonly single: DocumentBuilder }
  >;

  constructor(
    private readonly articles: ArticleReadRepository,
    private readonly places: PlaceDirectory,
    @Inject(READ_API_CONFIG) config: ArticlesApiConfig,
  ) {
    const options = { baseUrl: config.publicBaseUrl, related: [PLACE] };
    const buildersOf = (kind: ArticleKind) => ({
      collection: createDocumentBuilder(RESOURCES_BY_KIND[kind].collection, options),
      single: createDocumentBuilder(RESOURCES_BY_KIND[kind].single, options),
    });
    this.builders = { article: buildersOf('article'), news: buildersOf('news') };
  }

  async list(kind: ArticleKind, url: string): Promise<DocumentResult> {
    const spec = RESOURCES_BY_KIND[kind].collection;
    const query = parseJsonApiQuery(queryStringOf(url), spec, { related: [PLACE] });
    const {
      place,
      'place.direct': placeDirect,
      category,
      publishedAfter,
      publishedBefore,
    } = query.filter;
    const filter = { kind, place, placeDirect, category, publishedAfter, publishedBefore };
    const [page, count] = await Promise.all([
      this.articles.list(filter, pageRequest<ArticleSortField>(query), {
        withContent: wantsField(query, spec.type, 'contentHtml'),
      }),
      this.articles.count(filter, TOTAL_CAP),
    ]);
    return {
      paginated: true,
      document: this.builders[kind].collection.collection(page.rows.map(toResource), {
        url,
        query,
        page: pageCursors(page, query.sort, sortRow),
        meta: totalMeta(count),
        included: await this.includedFor(page.rows, query.include),
      }),
    };
  }

  async get(kind: ArticleKind, id: string, url: string): Promise<DocumentResult> {
    const spec = RESOURCES_BY_KIND[kind].single;
    const query = parseSingleResourceQuery(queryStringOf(url), spec, { related: [PLACE] });
    const row = await this.articles.findById(id, kind, {
      withContent: wantsField(query, spec.type, 'contentHtml'),
    });
    if (!row) throw notFound(NAMES[kind], id);
    return {
      paginated: false,
      document: this.builders[kind].single.resource(toResource(row), {
        url,
        query,
        included: await this.includedFor([row], query.include),
      }),
    };
  }

  /** `include=places`: the places the rows mention, in one query. */
  private async includedFor(rows: readonly ArticleRow[], include: readonly string[]) {
    if (!include.includes('places')) return undefined;
    return { places: await this.places.findByIds(rows.flatMap((a) => a.mentionedPlaceIds)) };
  }
}

/** A row as the document builder takes it: attributes and the mentioned places' linkage. */
function toResource(a: ArticleRow) {
  return {
    id: a.id,
    title: a.title,
    slug: a.slug,
    url: a.url,
    excerpt: a.excerpt,
    ...(a.contentHtml !== undefined ? { contentHtml: a.contentHtml } : {}),
    author: a.author,
    categories: a.categories,
    tags: a.tags,
    publishedAt: a.publishedAt.toISOString(),
    modifiedAt: a.modifiedAt.toISOString(),
    places: a.mentionedPlaceIds,
  };
}

const sortRow = (a: ArticleRow) => ({ id: a.id, publishedAt: a.publishedAt, title: a.title });
