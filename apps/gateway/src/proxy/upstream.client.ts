import type { IncomingHttpHeaders } from 'node:http';
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

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map(({ pool }) => pool.close()));
  }

  private observe(upstream: string, outcome: string, started: number): void {
    this.duration.observe({ upstream, outcome }, (performance.now() - started) / 1000);
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
