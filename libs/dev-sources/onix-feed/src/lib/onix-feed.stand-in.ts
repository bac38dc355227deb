import { IncomingMessage, ServerResponse } from 'node:http';
import { ListeningStandIn, listenStandIn } from '@waypost/dev-sources/http';
import { OnixCatalogue } from './onix.catalogue';
import { MESSAGE_END, malformRecord, renderMessageStart, renderRecord } from './onix.render';
import { OnixRecord } from './onix.types';

export type OnixFeedKind = 'full' | 'delta';

/** A failure to inject into the next feed responses. */
export type OnixFeedFailure =
  /** The body stops halfway through product `afterProducts + 1`; `reset` drops the connection. */
  | { readonly kind: 'cut-off'; readonly afterProducts: number; readonly reset: boolean }
  /** Product number `atProduct` (0-based) is malformed XML; the feed goes on after it. */
  | { readonly kind: 'malformed'; readonly atProduct: number }
  /** An HTTP error status instead of a feed. */
  | { readonly kind: 'status'; readonly status: number };

export interface OnixFailureOptions {
  /** Which feed it affects (default: both). */
  readonly feed?: OnixFeedKind;
  /** How many responses it affects (default 1). */
  readonly times?: number;
}

export interface OnixFeedOptions {
  readonly catalogue: OnixCatalogue;
  /** Basic auth credentials the feed accepts. */
  readonly username: string;
  readonly password: string;
  readonly senderName?: string;
  /** The clock of `SentDateTime`. */
  readonly now?: () => Date;
}

/** What the feed has served, for tests. */
export interface OnixFeedStats {
  /** Feed requests answered with 200, by kind. */
  readonly served: Readonly<Record<OnixFeedKind, number>>;
  /** Requests refused for missing or wrong credentials. */
  readonly unauthorized: number;
  /** The most bytes ever queued in a response's buffer: bounded whatever the feed's size. */
  readonly maxBufferedBytes: number;
}

interface PendingFailure {
  readonly failure: OnixFeedFailure;
  readonly feed: OnixFeedKind | null;
  left: number;
}

// Products are written in chunks of about this size, waiting for the client whenever it lags.
const CHUNK_BYTES = 64 * 1024;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function sendText(res: ServerResponse, status: number, text: string, headers = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${text}\n`);
}

/**
 * The shop's ONIX 3.0 feed as a request listener (mount it anywhere): `GET /feeds/onix?since=`
 * (changes since, oldest first, `05` deletions) and `GET /feeds/onix/full` (the whole catalogue),
 * behind basic auth, streamed product by product with backpressure.
 */
export class OnixFeedHandler {
  readonly catalogue: OnixCatalogue;
  private readonly failures: PendingFailure[] = [];
  private readonly served: Record<OnixFeedKind, number> = { full: 0, delta: 0 };
  private unauthorized = 0;
  private maxBufferedBytes = 0;
  private readonly authorization: string;

  constructor(private readonly options: OnixFeedOptions) {
    this.catalogue = options.catalogue;
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  }

  /** Injects a failure into the next response(s) of a feed. */
  inject(failure: OnixFeedFailure, options: OnixFailureOptions = {}): void {
    this.failures.push({ failure, feed: options.feed ?? null, left: options.times ?? 1 });
  }

  /** The next feed stops halfway through the product after `afterProducts` complete ones. */
  cutOff(afterProducts: number, options: OnixFailureOptions & { reset?: boolean } = {}): void {
    this.inject({ kind: 'cut-off', afterProducts, reset: options.reset ?? false }, options);
  }

  /** The next feed has malformed XML at product `atProduct` (0-based). */
  malform(atProduct: number, options: OnixFailureOptions = {}): void {
    this.inject({ kind: 'malformed', atProduct }, options);
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  stats(): OnixFeedStats {
    return {
      served: { ...this.served },
      unauthorized: this.unauthorized,
      maxBufferedBytes: this.maxBufferedBytes,
    };
  }

  /** Answers one request; paths are the feed's own (`/feeds/onix`, `/feeds/onix/full`). */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const path = url.pathname.replace(/\/+$/, '');
    const kind: OnixFeedKind | null =
      path === '/feeds/onix' ? 'delta' : path === '/feeds/onix/full' ? 'full' : null;
    if (req.method !== 'GET' || kind === null) return sendText(res, 404, 'Not Found');
    if (req.headers.authorization !== this.authorization) {
      this.unauthorized++;
      return sendText(res, 401, 'Unauthorized', {
        'WWW-Authenticate': 'Basic realm="ONIX feed", charset="UTF-8"',
      });
    }
    let records: Iterable<OnixRecord>;
    if (kind === 'delta') {
      const since = url.searchParams.get('since');
      const date = since !== null && ISO_8601.test(since) ? new Date(since) : null;
      if (!date || Number.isNaN(date.getTime())) {
        return sendText(res, 400, `since must be an ISO 8601 date-time, got ${since ?? 'nothing'}`);
      }
      records = this.catalogue.since(date);
    } else {
      if ([...url.searchParams.keys()].length > 0) {
        return sendText(res, 400, 'the full feed takes no parameters');
      }
      records = this.catalogue.full();
    }
    const failures = this.takeFailures(kind);
    const status = failures.find((f) => f.kind === 'status');
    if (status?.kind === 'status') return sendText(res, status.status, 'Service Unavailable');
    this.served[kind]++;
    void this.stream(res, records, failures).catch(() => res.destroy());
  };

  private takeFailures(kind: OnixFeedKind): OnixFeedFailure[] {
    const due = this.failures.filter((f) => f.left > 0 && (f.feed === null || f.feed === kind));
    for (const f of due) f.left--;
    return due.map((f) => f.failure);
  }

  private async stream(
    res: ServerResponse,
    records: Iterable<OnixRecord>,
    failures: readonly OnixFeedFailure[],
  ): Promise<void> {
    const cutOff = failures.find((f) => f.kind === 'cut-off');
    const malformed = new Set(
      failures.flatMap((f) => (f.kind === 'malformed' ? [f.atProduct] : [])),
    );
    res.writeHead(200, { 'Content-Type': 'application/xml; charset=utf-8' });
    let chunk = renderMessageStart({
      senderName: this.options.senderName ?? 'Waypost Travel Shop',
      sentAt: (this.options.now ?? (() => new Date()))(),
    });
    let count = 0;
    for (const record of records) {
      if (res.destroyed) return;
      const xml = renderRecord(record);
      if (cutOff?.kind === 'cut-off' && count === cutOff.afterProducts) {
        await this.write(res, chunk + xml.slice(0, Math.floor(xml.length / 2)));
        if (cutOff.reset) res.destroy();
        else res.end();
        return;
      }
      chunk += malformed.has(count) ? malformRecord(xml) : xml;
      count++;
      if (chunk.length >= CHUNK_BYTES) {
        await this.write(res, chunk);
        chunk = '';
      }
    }
    await this.write(res, chunk + MESSAGE_END);
    res.end();
  }

  /** Writes a chunk and, when the socket's buffer is full, waits until the client drains it. */
  private async write(res: ServerResponse, chunk: string): Promise<void> {
    const flowing = res.write(chunk);
    this.maxBufferedBytes = Math.max(this.maxBufferedBytes, res.writableLength);
    if (flowing || res.destroyed) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  }
}

export interface OnixFeedStandIn extends ListeningStandIn {
  /** The handler, to edit the catalogue, inject failures and read stats; feeds are under `url`. */
  readonly feed: OnixFeedHandler;
}

/** Starts the ONIX feed on its own HTTP server (tests; `dev-sources serve` mounts the handler). */
export async function startOnixFeedStandIn(
  options: OnixFeedOptions & { readonly port?: number; readonly host?: string },
): Promise<OnixFeedStandIn> {
  const feed = new OnixFeedHandler(options);
  return { ...(await listenStandIn(feed.handle, options)), feed };
}
