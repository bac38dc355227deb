import { SourcePage } from '@waypost/shared/sync';
import type { ViatorSettings } from './viator.source';
import { ViatorDestination, ViatorProduct, ViatorWatermark } from './viator.record';
import { RateLimitedHttp } from './rate-limited.http';

export type { ViatorDestination, ViatorProduct, ViatorWatermark } from './viator.record';

interface FeedPage {
  readonly products?: readonly ViatorProduct[];
  readonly nextCursor?: string;
}

/**
 * Viator Partner API v2: `GET /products/modified-since?count=&cursor=` in modification order,
 * following `nextCursor` (absent on the last page), and `GET /destinations`; `exp-api-key`,
 * `Accept: application/json;version=2.0`, its `RateLimit-*` headers and 429s honoured.
 */
export class ViatorClient {
  private readonly http: RateLimitedHttp;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly settings: Pick<
      ViatorSettings,
      'url' | 'apiKey' | 'pageSize' | 'timeoutMs' | 'maxRetries'
    >,
    sleep?: (ms: number) => Promise<void>,
  ) {
    this.http = new RateLimitedHttp({
      name: 'viator',
      timeoutMs: settings.timeoutMs,
      maxRetries: settings.maxRetries,
      sleep,
    });
    this.headers = {
      'exp-api-key': settings.apiKey,
      accept: 'application/json;version=2.0',
      'accept-language': 'en',
    };
  }

  async destinations(): Promise<readonly ViatorDestination[]> {
    const body = await this.http.getJson<{ destinations?: ViatorDestination[] }>(
      this.url('/destinations'),
      this.headers,
    );
    if (!Array.isArray(body?.destinations)) throw new Error('viator: /destinations: no list');
    return body.destinations;
  }

  /**
   * Pages after the watermark's cursor; each carries the cursor to resume from once it commits:
   * the next page's, or on the last page the one that fetched it.
   */
  async *pages(after: ViatorWatermark | null): AsyncIterable<SourcePage<ViatorProduct>> {
    let cursor = after?.cursor ?? null;
    for (;;) {
      const params = new URLSearchParams({ count: String(this.settings.pageSize) });
      if (cursor !== null) params.set('cursor', cursor);
      const page = await this.http.getJson<FeedPage>(
        this.url(`/products/modified-since?${params}`),
        this.headers,
      );
      if (!Array.isArray(page?.products)) throw new Error('viator: modified-since: no products');
      const next = typeof page.nextCursor === 'string' ? page.nextCursor : null;
      const watermark: ViatorWatermark = { cursor: next ?? cursor };
      if (page.products.length > 0 || next !== null) yield { records: page.products, watermark };
      if (next === null) return;
      cursor = next;
    }
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private url(path: string): string {
    return `${this.settings.url.replace(/\/+$/, '')}${path}`;
  }
}
