import { Agent, Dispatcher, RetryAgent, request } from 'undici';
import { SourcePage } from '@waypost/shared/sync';
import type { ViatorSettings } from './viator.source';
import { ViatorRecord, ViatorWatermark } from './viator.record';

export type { ViatorRecord, ViatorWatermark } from './viator.record';

interface RecordsPage {
  readonly records: readonly ViatorRecord[];
  /** The next page's URL; null on the last page. */
  readonly next: string | null;
}

/**
 * The viator source over HTTP: `GET <url>/records?updatedAfter=&afterId=&limit=` pages in
 * change order, following `next`. 429 (honouring Retry-After) and 5xx are retried with backoff by
 * undici's RetryAgent; what still fails fails the run, which resumes from its last committed page.
 */
export class ViatorClient {
  private readonly dispatcher: Dispatcher;

  constructor(private readonly settings: Pick<ViatorSettings, 'url' | 'pageSize' | 'timeoutMs'>) {
    this.dispatcher = new RetryAgent(
      new Agent({ headersTimeout: settings.timeoutMs, bodyTimeout: settings.timeoutMs }),
      {
        maxRetries: 3,
        minTimeout: 100,
        maxTimeout: 30_000,
        statusCodes: [429, 500, 502, 503, 504],
      },
    );
  }

  async *pages(after: ViatorWatermark | null): AsyncIterable<SourcePage<ViatorRecord>> {
    const first = new URL(`${this.settings.url.replace(/\/+$/, '')}/records`);
    first.searchParams.set('limit', String(this.settings.pageSize));
    if (after) {
      first.searchParams.set('updatedAfter', after.updatedAt);
      first.searchParams.set('afterId', after.id);
    }
    let next: string | null = first.toString();
    while (next) {
      const page = await this.get(next);
      const last = page.records[page.records.length - 1];
      if (!last) return;
      yield { records: page.records, watermark: { updatedAt: last.updatedAt, id: last.id } };
      next = page.next;
    }
  }

  private async get(url: string): Promise<RecordsPage> {
    const response = await request(url, {
      dispatcher: this.dispatcher,
      headers: { accept: 'application/json' },
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`viator: GET ${url} answered ${response.statusCode}`);
    }
    const body = (await response.body.json()) as RecordsPage;
    if (!Array.isArray(body?.records)) throw new Error(`viator: GET ${url}: no records array`);
    return body;
  }
}
