import { FailureInjector, InjectOptions, RequestBudget } from '@waypost/dev-sources/http';
import {
  ViatorActiveProduct,
  ViatorDestination,
  ViatorProductInput,
  ViatorProductRecord,
} from './viator.types';

export interface ViatorCatalogueData {
  readonly destinations: readonly ViatorDestination[];
  /** Products in the order they were last modified, oldest first (the feed's order). */
  readonly products: readonly ViatorProductRecord[];
}

export interface ViatorCatalogueOptions {
  /** Keys accepted in `exp-api-key` (default: `dev-viator-key`). */
  readonly apiKeys?: readonly string[];
  /** Requests per window and key before 429 (default 150 per 10 s). */
  readonly rateLimit?: { readonly limit: number; readonly windowSeconds: number };
  /** The clock that stamps changes and runs the rate-limit windows. */
  readonly now?: () => Date;
}

export type ViatorRoute = 'products' | 'destinations';

/** One request the stand-in received. */
export interface ViatorRequest {
  readonly route: ViatorRoute | null;
  readonly params: URLSearchParams;
  status: number;
}

export interface FeedPage {
  readonly products: readonly ViatorProductRecord[];
  /** The feed position of the last product on the page (the cursor to go on from). */
  readonly lastPosition: number;
  readonly more: boolean;
}

export const DEFAULT_VIATOR_API_KEY = 'dev-viator-key';
export const MAX_FEED_COUNT = 500;

interface Entry {
  readonly record: ViatorProductRecord;
  readonly position: number;
}

/**
 * Viator's catalogue as the stand-in serves it: destinations, and products in a feed ordered by
 * modification. Every change (publish, edit, deactivation) moves the product to the end of the
 * feed with a new position, so a client that resumes after a position it committed sees every
 * later change exactly once, and nothing before it again.
 */
export class ViatorCatalogue {
  readonly apiKeys: ReadonlySet<string>;
  readonly budget: RequestBudget;
  readonly failures = new FailureInjector();
  private readonly entries = new Map<string, Entry>();
  private readonly log: ViatorRequest[] = [];
  private feed: Entry[] | null = null;
  private nextPosition = 1;
  private readonly now: () => Date;

  constructor(
    private readonly data: ViatorCatalogueData,
    options: ViatorCatalogueOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.apiKeys = new Set(options.apiKeys ?? [DEFAULT_VIATOR_API_KEY]);
    const { limit, windowSeconds } = options.rateLimit ?? { limit: 150, windowSeconds: 10 };
    this.budget = new RequestBudget(limit, windowSeconds * 1000, () => this.now().getTime());
    for (const record of data.products) this.put(record);
  }

  destinations(): readonly ViatorDestination[] {
    return this.data.destinations;
  }

  /** Every product in feed order (oldest modification first), INACTIVE ones included. */
  products(): ViatorProductRecord[] {
    return this.ordered().map((e) => e.record);
  }

  product(code: string): ViatorProductRecord | undefined {
    return this.entries.get(code)?.record;
  }

  /** Publishes a new product or a new version of one, stamped now: it moves to the feed's end. */
  publish(input: ViatorProductInput): ViatorProductRecord {
    const now = this.now().toISOString();
    const createdAt = this.entries.get(input.productCode)?.record.createdAt ?? now;
    return this.put({ ...input, createdAt, lastUpdatedAt: now } as ViatorProductRecord);
  }

  /** Changes an ACTIVE product's content (a price, a review count, a title). */
  edit(
    code: string,
    patch: Partial<Omit<ViatorActiveProduct, 'productCode' | 'status'>>,
  ): ViatorProductRecord {
    const current = this.entries.get(code)?.record;
    if (!current || current.status !== 'ACTIVE') throw new Error(`no ACTIVE product ${code}`);
    // publish stamps the dates anew.
    return this.publish({ ...current, ...patch });
  }

  /** Takes a product off sale: from now on the feed carries only its code, status and dates. */
  deactivate(code: string): ViatorProductRecord {
    if (!this.entries.has(code)) throw new Error(`no product ${code}`);
    return this.publish({ productCode: code, status: 'INACTIVE' });
  }

  /** Up to `count` products after feed position `after` (0: from the start), or since a time. */
  feedPage(after: number, count: number, since: Date | null = null): FeedPage {
    const feed = this.ordered();
    let start = firstAfter(feed, after);
    if (since) {
      while (
        start < feed.length &&
        Date.parse(feed[start]!.record.lastUpdatedAt) < since.getTime()
      ) {
        start += 1;
      }
    }
    const page = feed.slice(start, start + count);
    return {
      products: page.map((e) => e.record),
      lastPosition: page.at(-1)?.position ?? after,
      more: start + count < feed.length,
    };
  }

  /** Answers the next requests of a route with an HTTP error. */
  failRequests(route: ViatorRoute, status = 500, options: InjectOptions = {}): void {
    this.failures.add(route, { kind: 'status', status }, options);
  }

  /** Never answers the next requests of a route: the client has to time out. */
  hangRequests(route: ViatorRoute, options: InjectOptions = {}): void {
    this.failures.add(route, { kind: 'hang' }, options);
  }

  /** Answers the next requests of a route after `ms` milliseconds. */
  slowRequests(route: ViatorRoute, ms: number, options: InjectOptions = {}): void {
    this.failures.add(route, { kind: 'slow', ms }, options);
  }

  /** Runs `action` once before the next matching request of a route is answered. */
  beforeRequest(
    route: ViatorRoute,
    action: () => void,
    options: Omit<InjectOptions, 'times'> = {},
  ): void {
    this.failures.add(route, { kind: 'action', action }, { ...options, times: 1 });
  }

  /** Every request received, oldest first, with its status (0 while unanswered). */
  requests(): readonly ViatorRequest[] {
    return this.log;
  }

  record(route: ViatorRoute | null, params: URLSearchParams): ViatorRequest {
    const entry: ViatorRequest = { route, params, status: 0 };
    this.log.push(entry);
    return entry;
  }

  private put(record: ViatorProductRecord): ViatorProductRecord {
    this.entries.delete(record.productCode);
    this.entries.set(record.productCode, { record, position: this.nextPosition++ });
    this.feed = null;
    return record;
  }

  private ordered(): Entry[] {
    // A Map iterates in insertion order, and every change re-inserts: that is feed order.
    this.feed ??= [...this.entries.values()];
    return this.feed;
  }
}

/** Index of the first entry with a position above `after` (entries ascend by position). */
function firstAfter(feed: readonly Entry[], after: number): number {
  let [low, high] = [0, feed.length];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (feed[mid]!.position <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}
