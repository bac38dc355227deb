import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from '@waypost/shared/observability';
import { AccessPolicy, AccessService } from '../auth/access.service';
import { RouteConfig, RouteTarget } from '../config/routes.config';
import { sendError } from '../gateway.errors';
import { ForwardedResponse, UpstreamClient, UpstreamFailure } from './upstream.client';
import { WeightedPicker } from './weighted.picker';

/** The public API's path prefix; upstreams serve the same paths without it. */
export const API_PREFIX = '/v1';

// Request headers an upstream needs to answer as it would directly (negotiation, conditional GET).
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'accept-language',
  'if-none-match',
  'if-modified-since',
] as const;
// Response headers that describe the representation; hop-by-hop and server internals stay behind.
const RETURNED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'etag',
  'cache-control',
  'last-modified',
  'expires',
  'vary',
]);

/** Headers every upstream call carries: the request id and what the caller sent the gateway. */
export function upstreamHeaders(
  request: FastifyRequest,
  names: readonly string[],
): Record<string, string> {
  const headers: Record<string, string> = {
    'x-request-id': String(request.headers['x-request-id']),
    'x-forwarded-for': request.ip,
    'x-forwarded-proto': request.protocol,
    'x-forwarded-prefix': API_PREFIX,
  };
  if (request.headers.host) headers['x-forwarded-host'] = request.headers.host;
  for (const name of names) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

/**
 * Serves one configured route: admits the caller, picks a target, streams the upstream's answer
 * back. A target that cannot be reached (refused, reset: an instance gone) gets the request once
 * more, on another target when the route has one: reads are safe to repeat, so only requests in
 * flight on a dying instance can fail, not every request that picked it.
 */
export class ProxyHandler {
  private readonly picker: WeightedPicker<RouteTarget>;
  private readonly policy: AccessPolicy;

  constructor(
    private readonly route: RouteConfig,
    private readonly access: AccessService,
    private readonly upstreams: UpstreamClient,
    private readonly logger: Logger,
  ) {
    this.picker = new WeightedPicker(route.targets);
    this.policy = { plans: new Set(route.plans) };
  }

  async handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    try {
      await this.access.admit(request, reply, this.policy);
      let { upstream } = this.picker.pick();
      let response: ForwardedResponse;
      try {
        response = await this.forward(request, upstream);
      } catch (error) {
        if (!(error instanceof UpstreamFailure) || error.kind !== 'unreachable') throw error;
        upstream = this.another(upstream);
        response = await this.forward(request, upstream);
      }
      reply.status(response.statusCode);
      copyResponseHeaders(response.headers, reply);
      // A held body goes out with the headers in one write; a large one streams.
      return response.body === null || request.method === 'HEAD'
        ? reply.send()
        : reply.send(response.body);
    } catch (error) {
      return sendError(reply, error, this.logger);
    }
  }

  private forward(request: FastifyRequest, upstream: string): Promise<ForwardedResponse> {
    request.gatewayUpstream = upstream;
    return this.upstreams.forward(upstream, {
      method: request.method === 'HEAD' ? 'HEAD' : 'GET',
      path: request.url.slice(API_PREFIX.length),
      headers: upstreamHeaders(request, FORWARDED_REQUEST_HEADERS),
      timeoutMs: this.route.timeoutMs,
      responseHeaders: RETURNED_RESPONSE_HEADERS,
    });
  }

  /** A target other than `failed` when the route has one (by weight), else `failed` again. */
  private another(failed: string): string {
    for (let i = 0; i < this.route.targets.length; i++) {
      const { upstream } = this.picker.pick();
      if (upstream !== failed) return upstream;
    }
    return failed;
  }
}

function copyResponseHeaders(
  headers: Record<string, string | string[]>,
  reply: FastifyReply,
): void {
  for (const name in headers) {
    if (name !== 'vary') reply.header(name, headers[name]);
  }
  const vary = headers['vary'];
  if (vary === undefined) return;
  const current = reply.getHeader('vary');
  if (current === undefined) {
    reply.header('vary', vary);
    return;
  }
  // Keep what the gateway set (CORS adds Origin) beside what the upstream varies on.
  const values = new Set(
    [current, vary]
      .flat()
      .flatMap((v) => String(v).split(','))
      .map((v) => v.trim())
      .filter(Boolean),
  );
  reply.header('vary', [...values].join(', '));
}
