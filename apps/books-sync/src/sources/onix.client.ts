import { Agent, Dispatcher, RetryAgent, request } from 'undici';
import type { OnixSettings } from './onix.source';
import { OnixProductRecord } from './onix.record';
import { OnixStreamParser } from './onix.parser';

export type { OnixProductRecord, OnixWatermark } from './onix.record';
export { OnixFeedError } from './onix.parser';

/** The feed's paths under the source URL. */
export const ONIX_DELTA_PATH = '/feeds/onix';
export const ONIX_FULL_PATH = '/feeds/onix/full';

/** The delta feed starts here when nothing has been synced. */
export const ONIX_EPOCH = '1970-01-01T00:00:00Z';

/**
 * The shop's ONIX feed over HTTP with basic auth: `GET <url>/feeds/onix?since=` (changes since,
 * oldest first) and `GET <url>/feeds/onix/full` (the whole catalogue). The body is parsed as it
 * arrives (saxes) and handed on in batches of `pageSize` products; the next chunk is read only when
 * the batch has been taken, so a message of any size is never held. Opening retries 429 and 5xx;
 * a body that breaks, is cut off or is malformed throws.
 */
export class OnixClient {
  private readonly dispatcher: Dispatcher;
  private readonly authorization: string;

  constructor(
    private readonly settings: Pick<
      OnixSettings,
      'url' | 'username' | 'password' | 'pageSize' | 'timeoutMs'
    >,
  ) {
    this.dispatcher = new RetryAgent(
      new Agent({ headersTimeout: settings.timeoutMs, bodyTimeout: settings.timeoutMs }),
      {
        maxRetries: 3,
        minTimeout: 100,
        maxTimeout: 30_000,
        statusCodes: [429, 500, 502, 503, 504],
      },
    );
    const credentials = `${settings.username}:${settings.password}`;
    this.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }

  /** The delta feed since `since` (ISO 8601), in batches. */
  delta(since: string): AsyncIterable<OnixProductRecord[]> {
    const url = this.url(ONIX_DELTA_PATH);
    url.searchParams.set('since', since);
    return this.batches(url);
  }

  /**
   * The full catalogue, in batches; throws at the end unless the message was complete. (Batches
   * before a break are handed over first; a write() that meets an error returns what completed
   * before it and throws on the next call.)
   */
  full(): AsyncIterable<OnixProductRecord[]> {
    return this.batches(this.url(ONIX_FULL_PATH));
  }

  private url(path: string): URL {
    return new URL(`${this.settings.url.replace(/\/+$/, '')}${path}`);
  }

  private async *batches(url: URL): AsyncIterable<OnixProductRecord[]> {
    const response = await request(url, {
      dispatcher: this.dispatcher,
      headers: { accept: 'application/xml', authorization: this.authorization },
    });
    if (response.statusCode !== 200) {
      const body = (await response.body.text()).slice(0, 200).trim();
      throw new Error(`onix: GET ${url.pathname} answered ${response.statusCode}: ${body}`);
    }
    const parser = new OnixStreamParser();
    let batch: OnixProductRecord[] = [];
    const { pageSize } = this.settings;
    try {
      response.body.setEncoding('utf8');
      for await (const chunk of response.body as AsyncIterable<string>) {
        batch.push(...parser.write(chunk));
        while (batch.length >= pageSize) {
          yield batch.slice(0, pageSize);
          batch = batch.slice(pageSize);
        }
      }
      // end() hands over what is pending, then throws if the message was cut off or malformed.
      for (let rest = parser.end(); rest.length > 0; rest = parser.end()) batch.push(...rest);
    } finally {
      // A consumer that stops early (or a parse error) releases the connection.
      if (!response.body.destroyed) response.body.destroy();
    }
    if (batch.length > 0) yield batch;
  }
}
