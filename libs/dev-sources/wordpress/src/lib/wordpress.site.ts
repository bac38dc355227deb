import { WpOrderBy, WpPostsQuery } from './wordpress.query';
import {
  WpAuthorInput,
  WpNewPost,
  WpPostInput,
  WpPostPatch,
  WpSiteData,
  WpTaxonomy,
  WpTermInput,
} from './wordpress.types';

/** A failure to inject into the answers of one page of the posts collection. */
export type PageFailure =
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'action'; readonly action: () => void };

export interface FailureOptions {
  /** How many requests for the page it affects (default: every one until cleared). */
  readonly times?: number;
  /** Only requests whose query matches, e.g. the change feed's `orderby=modified` (default: all). */
  readonly where?: (params: URLSearchParams) => boolean;
}

interface PendingFailure {
  readonly failure: PageFailure;
  readonly where: (params: URLSearchParams) => boolean;
  left: number;
}

/** What one listing request matched, before rendering. */
export interface PostsSlice {
  readonly posts: readonly WpPostInput[];
  readonly total: number;
  readonly totalPages: number;
}

const wholeSeconds = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000);
const slugify = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const SORT_KEYS: Record<WpOrderBy, (p: WpPostInput) => number | string> = {
  author: (p) => p.authorId,
  date: (p) => p.publishedAt.getTime(),
  id: (p) => p.id,
  include: (p) => p.id,
  include_slugs: (p) => p.slug,
  modified: (p) => p.modifiedAt.getTime(),
  parent: () => 0,
  relevance: () => 0,
  slug: (p) => p.slug,
  title: (p) => p.title,
};

/**
 * One stand-in WordPress site: its posts and terms, edited the way the editor would (every save
 * bumps `modified`), and failures to inject into its posts listing for tests.
 */
export class WordPressSite {
  readonly name: string;
  readonly utcOffsetMinutes: number;
  private readonly postsById = new Map<number, WpPostInput>();
  private readonly terms: Record<WpTaxonomy, Map<number, WpTermInput>>;
  private readonly authorsById: Map<number, WpAuthorInput>;
  private readonly failures = new Map<number, PendingFailure[]>();
  private readonly listingLog: URLSearchParams[] = [];
  private nextId: number;

  constructor(
    data: WpSiteData,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.name = data.name;
    this.utcOffsetMinutes = data.utcOffsetMinutes;
    for (const post of data.posts) this.postsById.set(post.id, post);
    this.terms = {
      category: new Map(data.categories.map((t) => [t.id, t])),
      post_tag: new Map(data.tags.map((t) => [t.id, t])),
    };
    this.authorsById = new Map(data.authors.map((a) => [a.id, a]));
    this.nextId = Math.max(0, ...data.posts.map((p) => p.id)) + 1;
  }

  /** Every live post, by id. */
  posts(): WpPostInput[] {
    return [...this.postsById.values()].sort((a, b) => a.id - b.id);
  }

  post(id: number): WpPostInput | undefined {
    return this.postsById.get(id);
  }

  term(taxonomy: WpTaxonomy, id: number): WpTermInput | undefined {
    return this.terms[taxonomy].get(id);
  }

  author(id: number): WpAuthorInput | undefined {
    return this.authorsById.get(id);
  }

  /** The id of the term with this name, created if the site has none yet. */
  ensureTerm(taxonomy: WpTaxonomy, name: string): number {
    const terms = this.terms[taxonomy];
    const found = [...terms.values()].find((t) => t.name === name);
    if (found) return found.id;
    const id = Math.max(0, ...this.terms.category.keys(), ...this.terms.post_tag.keys()) + 1;
    terms.set(id, { id, name, slug: slugify(name) });
    return id;
  }

  /** Publishes a new post now (or at `publishedAt`) and returns it. */
  addPost(input: WpNewPost): WpPostInput {
    const now = wholeSeconds(this.now());
    const post: WpPostInput = {
      ...input,
      id: this.nextId++,
      publishedAt: input.publishedAt ?? now,
      modifiedAt: now,
    };
    this.postsById.set(post.id, post);
    return post;
  }

  /** Saves an edit: the post's `modified` becomes now. */
  editPost(id: number, patch: WpPostPatch): WpPostInput {
    const post = this.postsById.get(id);
    if (!post) throw new Error(`site ${this.name} has no post ${id}`);
    const edited: WpPostInput = { ...post, ...patch, modifiedAt: wholeSeconds(this.now()) };
    this.postsById.set(id, edited);
    return edited;
  }

  /** Deletes (or unpublishes) a post: it simply stops appearing, as WordPress has no tombstones. */
  removePost(id: number): boolean {
    return this.postsById.delete(id);
  }

  /** Answers page `page` of the posts listing with an HTTP error status. */
  failPage(page: number, status = 500, options: FailureOptions = {}): void {
    this.addFailure(page, { kind: 'status', status }, options);
  }

  /** Never answers page `page` of the posts listing: the client has to time out. */
  hangPage(page: number, options: FailureOptions = {}): void {
    this.addFailure(page, { kind: 'hang' }, options);
  }

  /** Runs `action` just before page `page` of a listing is computed, once (e.g. an edit mid-pagination). */
  beforePage(page: number, action: () => void, options: Omit<FailureOptions, 'times'> = {}): void {
    this.addFailure(page, { kind: 'action', action }, { ...options, times: 1 });
  }

  clearFailures(): void {
    this.failures.clear();
  }

  /** The query of every posts listing request received, oldest first. */
  listingRequests(): readonly URLSearchParams[] {
    return this.listingLog;
  }

  /** Logs a listing request and returns the failures that apply to it, consuming them. */
  takeFailures(params: URLSearchParams): PageFailure[] {
    this.listingLog.push(params);
    const page = Number(params.get('page') ?? '1');
    const pending = this.failures.get(page) ?? [];
    const due = pending.filter((f) => f.left > 0 && f.where(params));
    for (const f of due) f.left -= 1;
    return due.map((f) => f.failure);
  }

  /** The posts of one listing page, with the totals WordPress reports in its headers. */
  list(query: WpPostsQuery): PostsSlice {
    const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
    const include = query.include ? new Set(query.include) : null;
    const matching = [...this.postsById.values()].filter(
      (p) =>
        (!include || include.has(p.id)) &&
        (!query.modifiedAfter || seconds(p.modifiedAt) > seconds(query.modifiedAfter)) &&
        (!query.modifiedBefore || seconds(p.modifiedAt) < seconds(query.modifiedBefore)),
    );
    const key = SORT_KEYS[query.orderBy];
    const direction = query.order === 'asc' ? 1 : -1;
    matching.sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * direction;
    });
    const start = (query.page - 1) * query.perPage;
    return {
      posts: matching.slice(start, start + query.perPage),
      total: matching.length,
      totalPages: Math.ceil(matching.length / query.perPage),
    };
  }

  private addFailure(page: number, failure: PageFailure, options: FailureOptions): void {
    const list = this.failures.get(page) ?? [];
    list.push({
      failure,
      where: options.where ?? (() => true),
      left: options.times ?? Number.POSITIVE_INFINITY,
    });
    this.failures.set(page, list);
  }
}
