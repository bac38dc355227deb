import type { FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import { JSONAPI_VERSION, JsonApiError } from '@waypost/shared/jsonapi';
import { Registry, registerCounter } from '@waypost/shared/observability';
import { GuideCall, GuideConfig } from '../config/routes.config';
import { upstreamError } from '../gateway.errors';
import { API_PREFIX, upstreamHeaders } from '../proxy/proxy.handler';
import { UpstreamClient, UpstreamFailure, headerValue } from '../proxy/upstream.client';

interface Resource {
  type: string;
  id: string;
  relationships?: Record<string, Record<string, unknown>>;
  [member: string]: unknown;
}

interface UpstreamDocument {
  data?: unknown;
  included?: unknown;
  errors?: unknown;
}

interface CallResult {
  readonly status: number;
  readonly cacheControl?: string;
  readonly document: UpstreamDocument;
}

/** A guide, or the upstream's own error document when it refused the place (e.g. a bad id). */
export type GuideAnswer =
  | { readonly kind: 'guide'; readonly document: GuideDocument; readonly cacheControl: string }
  | { readonly kind: 'upstream-error'; readonly status: number; readonly document: object };

export interface GuideDocument {
  jsonapi: { version: string };
  links: { self: string };
  data: Resource;
  included: Resource[];
  meta: { unavailable: string[] };
}

// Partial guides must not be cached: the missing part may be back on the next request.
const PARTIAL_CACHE_CONTROL = 'no-store';
const DEFAULT_CACHE_CONTROL = 'public, max-age=60';
const ACCEPT_JSONAPI = ['accept'] as const;

/**
 * Builds `GET /v1/places/{id}/guide`: the place with its ancestors and one part per configured
 * call, fetched in parallel, merged into one compound document. A part that fails is named in
 * `meta.unavailable`; a place that cannot be fetched fails the whole guide (404, 502 or 504).
 */
export class GuideService {
  private readonly unavailable: Counter<'part'>;

  constructor(
    private readonly config: GuideConfig,
    private readonly publicBaseUrl: string,
    private readonly upstreams: UpstreamClient,
    registry: Registry,
  ) {
    this.unavailable = registerCounter(registry, {
      name: 'gateway_guide_parts_unavailable_total',
      help: 'Guide parts left out because their upstream failed, timed out or answered an error.',
      labelNames: ['part'],
    });
  }

  async guide(id: string, request: FastifyRequest): Promise<GuideAnswer> {
    const headers = upstreamHeaders(request, ACCEPT_JSONAPI);
    const [place, ...parts] = await Promise.allSettled([
      this.call(this.config.place, id, headers),
      ...this.config.parts.map((part) => this.call(part, id, headers)),
    ]);
    if (place.status === 'rejected') throw placeError(place.reason, this.config.place.upstream);
    const placeResult = place.value;
    if (placeResult.status === 404) throw JsonApiError.notFound(`No place with id '${id}'.`);
    if (placeResult.status >= 400 && placeResult.status < 500 && placeResult.document.errors) {
      return { kind: 'upstream-error', status: placeResult.status, document: placeResult.document };
    }
    const primary = placeResult.document.data;
    if (placeResult.status !== 200 || !isResource(primary)) {
      throw JsonApiError.badGateway(
        `${this.config.place.upstream} answered ${placeResult.status}.`,
        {
          upstream: this.config.place.upstream,
        },
      );
    }

    const data: Resource = { ...primary, relationships: { ...primary.relationships } };
    const included = new IncludedResources(data);
    included.addAll(placeResult.document.included);
    const unavailable: string[] = [];
    this.config.parts.forEach((part, i) => {
      const outcome = parts[i];
      const result = outcome.status === 'fulfilled' ? outcome.value : undefined;
      const resources = result && partResources(result);
      if (!result || !resources) {
        unavailable.push(part.name);
        this.unavailable.inc({ part: part.name });
        return;
      }
      included.addAll(resources);
      included.addAll(result.document.included);
      data.relationships![part.relationship] = {
        ...data.relationships![part.relationship],
        data: resources.map((resource) => ({ type: resource.type, id: resource.id })),
      };
    });

    return {
      kind: 'guide',
      document: {
        jsonapi: { version: JSONAPI_VERSION },
        links: {
          self: `${this.publicBaseUrl}${API_PREFIX}/places/${encodeURIComponent(id)}/guide`,
        },
        data,
        included: included.list(),
        meta: { unavailable },
      },
      cacheControl:
        unavailable.length > 0
          ? PARTIAL_CACHE_CONTROL
          : (placeResult.cacheControl ?? DEFAULT_CACHE_CONTROL),
    };
  }

  private async call(
    call: GuideCall,
    id: string,
    headers: Record<string, string>,
  ): Promise<CallResult> {
    const response = await this.upstreams.request(call.upstream, {
      method: 'GET',
      path: call.path.replaceAll('{id}', encodeURIComponent(id)),
      headers,
      timeoutMs: call.timeoutMs,
    });
    let document: UpstreamDocument;
    try {
      document = (await response.body.json()) as UpstreamDocument;
    } catch (error) {
      // A body that stalls past the deadline is a timeout; a broken or non-JSON one, a bad gateway.
      const stalled = (error as { code?: string }).code === 'UND_ERR_BODY_TIMEOUT';
      throw new UpstreamFailure(call.upstream, stalled ? 'timeout' : 'unreachable', error);
    }
    return {
      status: response.statusCode,
      cacheControl: headerValue(response.headers, 'cache-control'),
      document: typeof document === 'object' && document !== null ? document : {},
    };
  }
}

/** Each resource once in the whole document, never the primary resource again. */
class IncludedResources {
  private readonly seen = new Set<string>();
  private readonly resources: Resource[] = [];

  constructor(primary: Resource) {
    this.seen.add(identity(primary));
  }

  addAll(resources: unknown): void {
    if (!Array.isArray(resources)) return;
    for (const resource of resources) {
      if (!isResource(resource) || this.seen.has(identity(resource))) continue;
      this.seen.add(identity(resource));
      this.resources.push(resource);
    }
  }

  list(): Resource[] {
    return this.resources;
  }
}

function partResources(result: CallResult): Resource[] | undefined {
  const { data } = result.document;
  if (result.status !== 200 || !Array.isArray(data) || !data.every(isResource)) return undefined;
  return data;
}

function placeError(reason: unknown, upstream: string): JsonApiError {
  if (reason instanceof UpstreamFailure) return upstreamError(reason);
  return JsonApiError.badGateway(`${upstream} could not be reached.`, { upstream });
}

function isResource(value: unknown): value is Resource {
  if (typeof value !== 'object' || value === null) return false;
  const { type, id } = value as Record<string, unknown>;
  return typeof type === 'string' && typeof id === 'string';
}

function identity(resource: Resource): string {
  return `${resource.type}\u0000${resource.id}`;
}
