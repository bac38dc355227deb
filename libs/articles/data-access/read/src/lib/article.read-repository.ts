import { Kysely, Selectable, sql } from 'kysely';
import { Page, PageRequest, cappedCount, fetchPage } from '@waypost/shared/db';
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
  /** Roll-up: articles mentioning the place or any place below it (GIN on place_ids). */
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

/** Read-only queries over articles and news; the API's only way to the articles table. */
export class ArticleReadRepository {
  constructor(private readonly db: Kysely<ArticlesDatabase>) {}

  /** The article with this id, of this kind when one is given. */
  async findById(
    id: string,
    kind?: ArticleKind,
    options: ArticleReadOptions = {},
  ): Promise<ArticleRow | undefined> {
    return this.select(options)
      .where('a.id', '=', id)
      .$if(kind !== undefined, (q) => q.where('a.kind', '=', kind!))
      .executeTakeFirst();
  }

  /** One keyset page of the matches; the id breaks ties in the last sort field's direction. */
  async list(
    filter: ArticleFilter,
    page: PageRequest<ArticleSortField>,
    options: ArticleReadOptions = {},
  ): Promise<Page<ArticleRow>> {
    return fetchPage(
      this.filtered(this.select(options), filter),
      page,
      sortExpression,
      sql.ref('a.id'),
    );
  }

  /** The number of matches, or `cap + 1` when there are more than `cap`. */
  async count(filter: ArticleFilter, cap: number): Promise<number> {
    return cappedCount(this.db, this.filtered(this.select(), filter), cap);
  }

  private filtered(query: ReturnType<ArticleReadRepository['select']>, f: ArticleFilter) {
    return query
      .$if(f.kind !== undefined, (q) => q.where('a.kind', '=', f.kind!))
      .$if(f.place !== undefined, (q) =>
        q.where(sql<boolean>`a.place_ids @> array[${f.place!}]::text[]`),
      )
      .$if(f.placeDirect !== undefined, (q) =>
        q.where(sql<boolean>`a.mentioned_place_ids @> array[${f.placeDirect!}]::text[]`),
      )
      .$if(f.category !== undefined, (q) =>
        q.where(sql<boolean>`a.categories && ${[...f.category!]}::text[]`),
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
function sortExpression(field: ArticleSortField) {
  return field === 'publishedAt' ? sql.ref('a.published_at') : sql.ref('a.title');
}
