import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { Histogram } from 'prom-client';
import { Dispatcher, Pool } from 'undici';
import { Registry, registerHistogram } from '@waypost/shared/observability';
import { UpstreamConfig } from '../config/routes.config';

/** Why an upstream call produced no response: it took too long, or it could not be reached. */
export class UpstreamFailure extends Error {
  override readonly name = 'UpstreamFailure';

  constructor(
    readonly upstream: string,
    readonly kind: 'timeout' | 'unreachable',
    cause: unknown,
  ) {
    super(
      kind === 'timeout'
        ? `${upstream} did not answer in time`
        : `${upstream} could not be reached (${describeCause(cause)})`,
    );
  }
}

export interface UpstreamRequest {
  readonly method: 'GET' | 'HEAD';
  /** Path and query, appended to the upstream's URL. */
  readonly path: string;
  readonly headers: Record<string, string>;
  /** Deadline for the response headers, and for each gap between body chunks. */
  readonly timeoutMs: number;
}

export type UpstreamResponse = Dispatcher.ResponseData;

export interface ForwardRequest extends UpstreamRequest {
  /** The response headers to return (lower case); the others are dropped unread. */
  readonly responseHeaders: ReadonlySet<string>;
}

/** An upstream's answer as the proxy passes it on. */
export interface ForwardedResponse {
  readonly statusCode: number;
  /** Only the headers asked for, by lower-case name. */
  readonly headers: Record<string, string | string[]>;
  /**
   * The whole body when its announced length is at most MAX_BUFFERED_BODY_BYTES (so that the caller
   * gets headers and body in one write), a stream otherwise, null for HEAD, 204 and 304.
   */
  readonly body: Buffer | Readable | null;
}

/** Bodies up to this size are held whole before they are passed on; larger ones stream. */
export const MAX_BUFFERED_BODY_BYTES = 128 * 1024;

const OUTCOMES = { response: 'response', timeout: 'timeout', unreachable: 'unreachable' } as const;

/** Keep-alive connection pools to every upstream, one per upstream; the gateway's only HTTP client. */
export class UpstreamClient {
  private readonly pools = new Map<string, { pool: Pool; basePath: string }>();
  private readonly duration: Histogram<'upstream' | 'outcome'>;

  constructor(upstreams: Iterable<UpstreamConfig>, registry: Registry) {
    for (const upstream of upstreams) {
      const url = new URL(upstream.url);
      this.pools.set(upstream.name, {
        pool: new Pool(url.origin, { connections: upstream.connections, keepAliveTimeout: 30_000 }),
        basePath: url.pathname.replace(/\/$/, ''),
      });
    }
    this.duration = registerHistogram(registry, {
      name: 'gateway_upstream_request_duration_seconds',
      help: 'Time from sending an upstream request to its response headers, by upstream and outcome.',
      labelNames: ['upstream', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
  }

  /**
   * Sends the request and resolves once the response headers are in; the body streams after.
   * Rejects with UpstreamFailure when the deadline passes or the upstream cannot be reached.
   */
  async request(upstream: string, request: UpstreamRequest): Promise<UpstreamResponse> {
    const target = this.pools.get(upstream);
    if (!target) throw new Error(`Unknown upstream ${upstream}`);
    const started = performance.now();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), request.timeoutMs);
    try {
      const response = await target.pool.request({
        method: request.method,
        path: target.basePath + request.path,
        headers: request.headers,
        signal: abort.signal,
        bodyTimeout: request.timeoutMs,
      });
      this.observe(upstream, OUTCOMES.response, started);
      return response;
    } catch (error) {
      const kind = abort.signal.aborted ? OUTCOMES.timeout : OUTCOMES.unreachable;
      this.observe(upstream, kind, started);
      throw new UpstreamFailure(upstream, kind, error);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Sends the request for the proxy: resolves with a small body whole, or with a larger one as a
   * stream once the headers are in. Rejects with UpstreamFailure when the deadline passes before
   * the headers (or a held body) are in, or the upstream cannot be reached.
   */
  forward(upstream: string, request: ForwardRequest): Promise<ForwardedResponse> {
    const target = this.pools.get(upstream);
    if (!target) return Promise.reject(new Error(`Unknown upstream ${upstream}`));
    return new Promise((resolve, reject) => {
      const handler = new ForwardHandler(upstream, request, this.duration, resolve, reject);
      target.pool.dispatch(
        {
          method: request.method,
          path: target.basePath + request.path,
          headers: request.headers,
          bodyTimeout: request.timeoutMs,
        },
        handler,
      );
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map(({ pool }) => pool.close()));
  }

  private observe(upstream: string, outcome: string, started: number): void {
    this.duration.observe({ upstream, outcome }, (performance.now() - started) / 1000);
  }
}

const NO_BODY_STATUSES = new Set([204, 304]);

/**
 * undici's lowest-level response callbacks for one proxied request: no response stream unless the
 * body is large, no AbortController (a timer and undici's own abort), only the wanted headers read.
 */
class ForwardHandler implements Dispatcher.DispatchHandler {
  private readonly started = performance.now();
  private timer: NodeJS.Timeout | undefined;
  private abort: ((error?: Error) => void) | undefined;
  private settled = false;
  private statusCode = 0;
  private readonly headers: Record<string, string | string[]> = {};
  private chunks: Buffer[] | undefined;
  private stream: Readable | undefined;

  constructor(
    private readonly upstream: string,
    private readonly request: ForwardRequest,
    private readonly duration: Histogram<'upstream' | 'outcome'>,
    private readonly resolve: (response: ForwardedResponse) => void,
    private readonly reject: (error: UpstreamFailure) => void,
  ) {
    this.timer = setTimeout(() => this.timeOut(), request.timeoutMs);
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abort = abort;
    if (this.settled) abort(new Error('deadline passed before the request was sent'));
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (this.settled) return false;
    clearTimeout(this.timer);
    this.observe(OUTCOMES.response);
    this.statusCode = statusCode;
    let length = -1;
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const name = rawHeaders[i].toString('latin1').toLowerCase();
      if (!this.request.responseHeaders.has(name)) continue;
      const value = rawHeaders[i + 1].toString('latin1');
      if (name === 'content-length') length = Number(value);
      const previous = this.headers[name];
      this.headers[name] = previous === undefined ? value : [previous, value].flat();
    }
    if (this.request.method === 'HEAD' || NO_BODY_STATUSES.has(statusCode)) return true;
    if (length >= 0 && length <= MAX_BUFFERED_BODY_BYTES) {
      this.chunks = [];
      return true;
    }
    this.stream = new Readable({
      read: () => resume(),
      destroy: (error, done) => {
        // The caller went away mid-body: stop reading the upstream's.
        if (!this.stream?.readableEnded) this.abort?.(error ?? new Error('response closed'));
        done(error);
      },
    });
    this.settle(this.stream);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.chunks) {
      this.chunks.push(chunk);
      return true;
    }
    return this.stream ? this.stream.push(chunk) : true;
  }

  onComplete(): void {
    if (this.stream) {
      this.stream.push(null);
      return;
    }
    const chunks = this.chunks;
    this.settle(!chunks ? null : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  }

  onError(error: Error): void {
    clearTimeout(this.timer);
    if (this.stream) {
      this.stream.destroy(error);
      return;
    }
    if (this.settled) return;
    this.settled = true;
    const timedOut = (error as { code?: string }).code === 'UND_ERR_BODY_TIMEOUT';
    // Failures after the headers were observed as responses already.
    if (this.statusCode === 0) this.observe(timedOut ? OUTCOMES.timeout : OUTCOMES.unreachable);
    this.reject(new UpstreamFailure(this.upstream, timedOut ? 'timeout' : 'unreachable', error));
  }

  private timeOut(): void {
    if (this.settled) return;
    this.settled = true;
    this.observe(OUTCOMES.timeout);
    this.reject(new UpstreamFailure(this.upstream, 'timeout', undefined));
    this.abort?.(new Error('upstream deadline passed'));
  }

  private settle(body: Buffer | Readable | null): void {
    this.settled = true;
    this.resolve({ statusCode: this.statusCode, headers: this.headers, body });
  }

  private observe(outcome: string): void {
    this.duration.observe(
      { upstream: this.upstream, outcome },
      (performance.now() - this.started) / 1000,
    );
  }
}

/** The first value of a response header. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return String(cause);
}
