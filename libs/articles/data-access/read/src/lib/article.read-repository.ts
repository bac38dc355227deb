import { Kysely, Selectable, sql } from 'kysely';
import {
  CompiledQueryCache,
  Page,
  PageRequest,
  countUpTo,
  pageValues,
  placeRollupCount,
  rangedPagedQuery,
  sortShape,
  toPage,
} from '@waypost/shared/db';
import { ArticleKind, ArticlesDatabase, ArticlesTable } from '@waypost/articles/schema';

/** An article or news item as the API reads it; `contentHtml` only when asked for. */
export type ArticleRow = Pick<
  Selectable<ArticlesTable>,
  | 'id'
  | 'kind'
  | 'title'
  | 'slug'
  | 'url'
  | 'excerpt'
  | 'author'
  | 'categories'
  | 'tags'
  | 'publishedAt'
  | 'modifiedAt'
  | 'mentionedPlaceIds'
> & { readonly contentHtml?: string };

export interface ArticleFilter {
  readonly kind?: ArticleKind;
  /** Roll-up: articles mentioning the place or any place below it (the by-place roll-up). */
  readonly place?: string;
  /** Only articles mentioning the place itself. */
  readonly placeDirect?: string;
  /** Articles in any of these categories. */
  readonly category?: readonly string[];
  /** Published strictly after this instant. */
  readonly publishedAfter?: Date;
  /** Published strictly before this instant. */
  readonly publishedBefore?: Date;
}

export type ArticleSortField = 'publishedAt' | 'title';

export interface ArticleReadOptions {
  /** Select the (large) HTML body; default true. */
  readonly withContent?: boolean;
}

/** A filter as bound into SQL: plain values (see `CompiledQueryCache`). */
interface BoundFilter extends ArticleFilter {
  readonly [key: string]: unknown;
}

function bound(f: ArticleFilter): BoundFilter {
  return { ...f, category: f.category && [...f.category] };
}

/** Read-only queries over articles and news; the API's only way to the articles table. */
export class ArticleReadRepository {
  private readonly queries: CompiledQueryCache<ArticlesDatabase>;

  constructor(private readonly db: Kysely<ArticlesDatabase>) {
    this.queries = new CompiledQueryCache(db);
  }

  /** The article with this id, of this kind when one is given. */
  async findById(
    id: string,
    kind?: ArticleKind,
    options: ArticleReadOptions = {},
  ): Promise<ArticleRow | undefined> {
    const shape = `article:${options.withContent ?? true}`;
    const [row] = await this.queries.execute(shape, { id, kind }, (v) =>
      this.select(options)
        .where('a.id', '=', v.id)
        .$if(v.kind !== undefined, (q) => q.where('a.kind', '=', v.kind!)),
    );
    return row;
  }

  /** One keyset page of the matches; the id breaks ties in the last sort field's direction. */
  async list(
    filter: ArticleFilter,
    page: PageRequest<ArticleSortField>,
    options: ArticleReadOptions = {},
  ): Promise<Page<ArticleRow>> {
    const shape = `list:${sortShape(page.sort)}:${options.withContent ?? true}`;
    const values = { filter: bound(filter), page: pageValues(page) };
    const rows = await this.queries.execute(shape, values, (v) => {
      // A roll-up pages in the order of the roll-up's own index: its copies of the sort keys.
      const table = v.filter.place !== undefined ? 'r' : 'a';
      return rangedPagedQuery(
        this.filtered(this.select(options), v.filter),
        page.sort,
        v.page,
        (field) => sortExpression(field, table),
        sql.ref(`${table}.id`),
      );
    });
    return toPage(rows, page);
  }

  /** The number of matches, or `cap + 1` when there are more than `cap`. */
  async count(filter: ArticleFilter, cap: number): Promise<number> {
    const values = { filter: bound(filter), limit: cap + 1 };
    const { place, kind, ...others } = values.filter;
    const onlyPlace =
      place !== undefined &&
      kind !== undefined &&
      Object.values(others).every((o) => o === undefined);
    const [row] = await this.queries.execute('count', values, (v) =>
      onlyPlace
        ? placeRollupCount(
            'articles',
            'articles_by_place',
            'published_at',
            v.filter.place!,
            v.limit,
            {
              kind: v.filter.kind,
            },
          )
        : countUpTo(this.filtered(this.select(), v.filter), v.limit),
    );
    return row?.n ?? 0;
  }

  private filtered(query: ReturnType<ArticleReadRepository['select']>, f: BoundFilter) {
    return query
      .$if(f.kind !== undefined, (q) => q.where('a.kind', '=', f.kind!))
      .$if(f.place !== undefined, (q) =>
        q
          .innerJoin('articles.articlesByPlace as r', 'r.id', 'a.id')
          .where('r.placeId', '=', f.place!)
          .$if(f.kind !== undefined, (q) => q.where('r.kind', '=', f.kind!)),
      )
      .$if(f.placeDirect !== undefined, (q) =>
        q.where(sql<boolean>`a.mentioned_place_ids @> array[${f.placeDirect!}]::text[]`),
      )
      .$if(f.category !== undefined, (q) =>
        q.where(sql<boolean>`a.categories && ${f.category!}::text[]`),
      )
      .$if(f.publishedAfter !== undefined, (q) => q.where('a.publishedAt', '>', f.publishedAfter!))
      .$if(f.publishedBefore !== undefined, (q) =>
        q.where('a.publishedAt', '<', f.publishedBefore!),
      );
  }

  private select(options: ArticleReadOptions = {}) {
    return this.db
      .selectFrom('articles.articles as a')
      .select([
        'a.id',
        'a.kind',
        'a.title',
        'a.slug',
        'a.url',
        'a.excerpt',
        'a.author',
        'a.categories',
        'a.tags',
        'a.publishedAt',
        'a.modifiedAt',
        'a.mentionedPlaceIds',
      ])
      .$if(options.withContent ?? true, (q) => q.select('a.contentHtml'));
  }
}

// The sort keys are the columns themselves, so a cursor holds the row's values. Timestamps come
// from WordPress (whole seconds) through JS Dates: a cursor's millisecond value compares exactly.
function sortExpression(field: ArticleSortField, table: 'a' | 'r') {
  return sql.ref(`${table}.${field === 'publishedAt' ? 'published_at' : 'title'}`);
}
