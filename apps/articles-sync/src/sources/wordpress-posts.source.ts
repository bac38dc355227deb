import { Kysely } from 'kysely';
import {
  IdComparison,
  MappedRecord,
  Schedule,
  SourcePage,
  SourceReconciliation,
  SyncSource,
  WriteCounts,
  contentHash,
} from '@waypost/shared/sync';
import { ArticleKind, ArticlesDatabase } from '@waypost/articles/schema';
import { ArticleWrite, ArticleWriteRepository } from '@waypost/articles/data-access/write';
import { Gazetteer, PlaceAssignment } from '@waypost/places/gazetteer';
import { WordPressClient, WordPressError, WordPressPage } from './wordpress.client';
import { PostKey, WordPressPost, parseWordPressPost, postKey } from './wordpress-post.parser';

export interface WordPressPostsSourceOptions {
  /** The sync source name, e.g. `wp-guides`: rows are `<source>-<post id>`. */
  readonly source: string;
  readonly kind: ArticleKind;
  /** Posts per request (WordPress allows at most 100). */
  readonly perPage: number;
  /** How old a change must be before it is synced, so a save still committing is not passed. */
  readonly settleMs: number;
  readonly schedule: Schedule;
  readonly reconcileSchedule: Schedule;
}

/**
 * The stored watermark: the last post of the last committed page, by (modified_gmt, id), and the
 * version of the places its posts' mentions were resolved against.
 */
export interface PostsWatermark extends PostKey {
  readonly places?: string;
}

/** Restarts of a listing that changed under us before the run gives up (and BullMQ retries). */
const MAX_LISTING_RESTARTS = 5;
/** Ids per `include=` request (WordPress's per_page cap). */
const INCLUDE_BATCH = 100;
/** Both embeds an article needs: the author's name and the categories and tags. */
const EMBED = 'author,wp:term';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const unique = (values: readonly string[]) => [...new Set(values)].sort();

/**
 * One WordPress site's posts as articles or news (one instance per site, each its own source and
 * watermark). Pulls `orderby=modified` pages after the watermark, following the site's Link
 * headers; resolves the places a post mentions (tags and categories naming places, a geotag)
 * through the gazetteer; finds deleted posts by periodic reconciliation of the full id list.
 */
export class WordPressPostsSource implements SyncSource<unknown, ArticleWrite, ArticlesDatabase> {
  readonly name: string;
  readonly schedule: Schedule;
  readonly reconciliation: SourceReconciliation<unknown, ArticlesDatabase>;

  constructor(
    readonly client: WordPressClient,
    private readonly gazetteer: Gazetteer,
    private readonly articles: ArticleWriteRepository,
    private readonly options: WordPressPostsSourceOptions,
  ) {
    this.name = options.source;
    this.schedule = options.schedule;
    this.reconciliation = {
      schedule: options.reconcileSchedule,
      storedIds: (db) => this.articles.sourceIds(db, this.name),
      compare: (storedIds) => this.compareIds(storedIds),
      fetch: (ids) => this.fetchPosts(ids),
    };
  }

  /**
   * Pages of posts modified after the watermark, oldest first. The listing is frozen with
   * `modified_before` at the run's start, so a post edited or deleted meanwhile leaves it and
   * `X-WP-Total` changes: page numbers may then have shifted past an unread post, so the listing
   * restarts after the last committed page instead of reading on. A resumed listing re-reads the
   * watermark's whole second: WordPress orders equal `modified` times arbitrarily and filters by
   * whole seconds, and re-read posts are unchanged rows.
   *
   * When the places changed since the watermark (a place added, renamed, moved or removed), the
   * listing starts from the beginning: every post's mentions are resolved again, and the posts whose
   * places stay the same are unchanged rows, not rewritten. A post synced before its place existed
   * (an articles sync that ran before the first places sync) is indexed once the place arrives.
   */
  async *pull(watermark: unknown | null): AsyncIterable<SourcePage<unknown>> {
    const places = await this.gazetteer.version();
    const stored = watermark as PostsWatermark | null;
    let position: PostKey | null =
      stored?.places === places ? { modifiedGmt: stored.modifiedGmt, id: stored.id } : null;
    // Changes at least settleMs old, to the second (WordPress compares whole seconds; exclusive).
    const before = Math.floor((Date.now() - this.options.settleMs) / 1000) * 1000 + 1000;
    for (let restarts = 0; ; restarts++) {
      const params: Record<string, string> = {
        orderby: 'modified',
        order: 'asc',
        per_page: String(this.options.perPage),
        modified_before: iso(before),
        _embed: EMBED,
      };
      if (position) params['modified_after'] = iso(Date.parse(`${position.modifiedGmt}Z`) - 1000);
      let total: number | null | undefined;
      let changed = false;
      try {
        for await (const page of this.client.postsPages(params)) {
          total ??= page.total;
          if (page.total !== total) {
            changed = true;
            break;
          }
          position = lastKey(page) ?? position;
          if (page.items.length > 0) {
            const next: PostsWatermark | null = position && { ...position, places };
            yield { records: page.items, watermark: next };
          }
        }
      } catch (error) {
        // The listing shrank under us past the page we asked for.
        if (!(error instanceof WordPressError && error.code === 'rest_post_invalid_page_number')) {
          throw error;
        }
        changed = true;
      }
      if (!changed) return;
      if (restarts === MAX_LISTING_RESTARTS) {
        throw new Error(
          `the posts of ${this.name} kept changing during the listing (${restarts} restarts)`,
        );
      }
    }
  }

  async map(records: readonly unknown[]): Promise<MappedRecord<ArticleWrite>[]> {
    const parsed = records.map((raw) => ({ raw, post: parseWordPressPost(raw) }));
    const valid = parsed.flatMap(({ post }) => ('invalid' in post ? [] : [post]));
    const geotagged = valid.filter((p) => p.geo !== null);
    const assignments = await this.gazetteer.assign(geotagged.map((p) => p.geo!));
    const assigned = new Map<WordPressPost, PlaceAssignment | null>(
      geotagged.map((p, i) => [p, assignments[i] ?? null]),
    );
    const mentions = await this.gazetteer.resolveMentions(
      valid.map((post) => {
        const place = assigned.get(post);
        return {
          names: [...post.categories, ...post.tags].map((t) => t.name),
          context: place ? [{ id: place.placeId, ancestorIds: place.placeIds.slice(0, -1) }] : [],
        };
      }),
    );
    const places = new Map(valid.map((post, i) => [post, mentions[i] ?? []]));
    return parsed.map(({ raw, post }) => {
      if ('invalid' in post) {
        const id = (raw as { id?: unknown } | null)?.id;
        const sourceId = Number.isSafeInteger(id) ? String(id) : null;
        return { outcome: 'invalid', sourceId, reason: post.invalid, payload: raw };
      }
      const named = places.get(post) ?? [];
      const geo = assigned.get(post);
      const mentioned = unique([...named.map((p) => p.id), ...(geo ? [geo.placeId] : [])]);
      const placeIds = unique([
        ...named.flatMap((p) => [...p.ancestorIds, p.id]),
        ...(geo?.placeIds ?? []),
      ]);
      return {
        outcome: 'upsert',
        sourceId: String(post.id),
        row: this.toArticle(post, mentioned, placeIds),
      };
    });
  }

  async write(
    trx: Kysely<ArticlesDatabase>,
    batch: { upserts: readonly ArticleWrite[]; deletes: readonly string[] },
  ): Promise<WriteCounts> {
    const deleted = await this.articles.delete(trx, this.name, batch.deletes);
    const counts = await this.articles.upsert(trx, batch.upserts);
    return { ...counts, deleted };
  }

  private toArticle(post: WordPressPost, mentioned: string[], placeIds: string[]): ArticleWrite {
    const content = {
      id: `${this.name}-${post.id}`,
      kind: this.options.kind,
      title: post.title,
      slug: post.slug,
      url: post.url,
      excerpt: post.excerpt,
      contentHtml: post.contentHtml,
      author: post.author,
      categories: post.categories.map((t) => t.slug),
      tags: post.tags.map((t) => t.slug),
      publishedAt: post.publishedAt,
      modifiedAt: post.modifiedAt,
      mentionedPlaceIds: mentioned,
      placeIds,
    };
    return {
      ...content,
      source: this.name,
      sourceId: String(post.id),
      contentHash: contentHash(content),
    };
  }

  /**
   * Lists every post id (`_fields=id`, by id, so edits do not move posts between pages) and
   * compares. A post deleted mid-listing shifts later ids out of sight, so every id that seems
   * gone is checked again with `include=` before it counts as gone.
   */
  private async compareIds(storedIds: readonly string[]): Promise<IdComparison> {
    const live = new Set<string>();
    const listing = {
      _fields: 'id',
      orderby: 'id',
      order: 'asc',
      per_page: String(this.options.perPage),
    };
    try {
      for await (const page of this.client.postsPages(listing)) {
        for (const item of page.items) {
          const key = (item as { id?: unknown }).id;
          if (Number.isSafeInteger(key)) live.add(String(key));
        }
      }
    } catch (error) {
      // The listing shrank under us; what it missed is checked below.
      if (!(error instanceof WordPressError && error.code === 'rest_post_invalid_page_number')) {
        throw error;
      }
    }
    const stored = new Set(storedIds);
    const candidates = storedIds.filter((id) => !live.has(id));
    const stillThere = new Set<string>();
    for (let i = 0; i < candidates.length; i += INCLUDE_BATCH) {
      const ids = candidates.slice(i, i + INCLUDE_BATCH);
      const page = await this.client.postsPage(
        { include: ids.join(','), per_page: String(ids.length), _fields: 'id' },
        1,
      );
      for (const item of page.items) stillThere.add(String((item as { id?: unknown }).id));
    }
    return {
      gone: candidates.filter((id) => !stillThere.has(id)),
      missing: [...live].filter((id) => !stored.has(id)),
    };
  }

  /** The full posts of these ids, a page per request. */
  private async *fetchPosts(ids: readonly string[]): AsyncIterable<readonly unknown[]> {
    const perPage = this.options.perPage;
    for (let i = 0; i < ids.length; i += perPage) {
      const chunk = ids.slice(i, i + perPage);
      const page = await this.client.postsPage(
        { include: chunk.join(','), per_page: String(chunk.length), _embed: EMBED },
        1,
      );
      yield page.items;
    }
  }
}

/** The greatest (modified_gmt, id) on the page. */
function lastKey(page: WordPressPage): PostsWatermark | null {
  let last: PostsWatermark | null = null;
  for (const item of page.items) {
    const key = postKey(item);
    if (
      key &&
      (!last ||
        key.modifiedGmt > last.modifiedGmt ||
        (key.modifiedGmt === last.modifiedGmt && key.id > last.id))
    ) {
      last = key;
    }
  }
  return last;
}
