import { createInterface } from 'node:readline';
import { Agent, Dispatcher, RetryAgent, request } from 'undici';
import { SourcePage } from '@waypost/shared/sync';
import type { OnixSettings } from './onix.source';
import { OnixRecord, OnixWatermark } from './onix.record';

export type { OnixRecord, OnixWatermark } from './onix.record';

/**
 * The onix source as a feed: `GET <url>/feed?updatedAfter=&afterId=` streams one JSON record
 * per line (NDJSON) in change order, read line by line and handed on in batches of `pageSize`, so
 * a feed of any size is never held whole. Opening the stream retries 429 (Retry-After) and 5xx;
 * a stream that breaks fails the run, which resumes from its last committed batch.
 */
export class OnixClient {
  private readonly dispatcher: Dispatcher;

  constructor(private readonly settings: Pick<OnixSettings, 'url' | 'pageSize' | 'timeoutMs'>) {
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

  async *pages(after: OnixWatermark | null): AsyncIterable<SourcePage<OnixRecord>> {
    const url = new URL(`${this.settings.url.replace(/\/+$/, '')}/feed`);
    if (after) {
      url.searchParams.set('updatedAfter', after.updatedAt);
      url.searchParams.set('afterId', after.id);
    }
    const response = await request(url, {
      dispatcher: this.dispatcher,
      headers: { accept: 'application/x-ndjson' },
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`onix: GET ${url} answered ${response.statusCode}`);
    }
    let batch: OnixRecord[] = [];
    const page = () => {
      const last = batch[batch.length - 1]!;
      const records = batch;
      batch = [];
      return { records, watermark: { updatedAt: last.updatedAt, id: last.id } };
    };
    for await (const line of createInterface({ input: response.body, crlfDelay: Infinity })) {
      if (line.trim() === '') continue;
      batch.push(JSON.parse(line) as OnixRecord);
      if (batch.length >= this.settings.pageSize) yield page();
    }
    if (batch.length > 0) yield page();
  }
}
