import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyRecord } from '@waypost/gateway/keys';
import { JsonApiError } from '@waypost/shared/jsonapi';
import { PlanConfig } from '../config/routes.config';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { ApiKeyAuthenticator, KeyLookupRefused } from './api-key.authenticator';
import { ClientLimiter } from './client.limiter';

/** Who may use a route: keys of these plans, or only keys of admin plans. */
export type AccessPolicy =
  | { readonly plans: ReadonlySet<string>; readonly admin?: never }
  | { readonly admin: true; readonly plans?: never };

/** The caller of an admitted request. */
export interface Caller {
  readonly keyId: string;
  readonly plan: PlanConfig;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Admits a request: a client address within its limits, a valid key (Authorization: Bearer or X-API-Key), an allowed origin for
 * browser keys, a plan that may use the route, and room in the plan's rate limit. Sets the
 * RateLimit headers; throws a JsonApiError (401, 403, 429, 503) otherwise.
 */
export class AccessService {
  constructor(
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly clients: ClientLimiter,
    private readonly limiter: RateLimiter,
    private readonly plans: ReadonlyMap<string, PlanConfig>,
  ) {}

  async admit(request: FastifyRequest, reply: FastifyReply, policy: AccessPolicy): Promise<Caller> {
    this.clients.admitRequest(request.ip);
    const record = await this.authenticate(request);
    request.gatewayKeyId = record.id;
    const plan = this.plans.get(record.plan);
    if (!plan)
      throw JsonApiError.forbidden(`This key's plan (${record.plan}) is not offered any more.`);
    checkOrigin(record, request.headers.origin);
    if (policy.admin ? !plan.admin : !policy.plans.has(plan.name)) {
      throw JsonApiError.forbidden(
        `Keys of plan ${plan.name} may not use ${request.url.split('?', 1)[0]}.`,
      );
    }
    const decision = await this.limiter.consume(record.id, plan);
    reply.headers(decision.headers);
    if (decision.exceeded) throw decision.exceeded;
    return { keyId: record.id, plan };
  }

  private async authenticate(request: FastifyRequest): Promise<ApiKeyRecord> {
    const { authorization } = request.headers;
    const apiKeyHeader = request.headers['x-api-key'];
    let key: string | undefined;
    let header = 'Authorization';
    if (authorization !== undefined) {
      key = BEARER.exec(authorization)?.[1];
      if (!key) throw JsonApiError.unauthorized('Authorization must be "Bearer <API key>".');
    } else if (typeof apiKeyHeader === 'string' && apiKeyHeader.trim() !== '') {
      key = apiKeyHeader.trim();
      header = 'X-API-Key';
    } else {
      throw JsonApiError.unauthorized(
        'An API key is required: send Authorization: Bearer <key> or X-API-Key: <key>.',
      );
    }
    let record: ApiKeyRecord | undefined;
    let refusal: JsonApiError | undefined;
    let reserved = false;
    try {
      record = await this.authenticator.find(key, () => {
        refusal = this.clients.reserveLookup(request.ip);
        reserved = refusal === undefined;
        return reserved;
      });
    } catch (error) {
      if (error instanceof KeyLookupRefused && refusal) throw refusal;
      if (reserved) this.clients.refundLookup(request.ip);
      throw JsonApiError.serviceUnavailable(
        'API keys cannot be checked right now; retry shortly.',
        1,
      );
    }
    if (record && reserved) this.clients.refundLookup(request.ip);
    if (!record)
      throw JsonApiError.unauthorized('The API key is unknown or has been revoked.', header);
    return record;
  }
}

// A browser key sent from another origin (or from no browser at all) is refused.
function checkOrigin(record: ApiKeyRecord, origin: string | undefined): void {
  if (record.allowedOrigins.length === 0) return;
  if (origin !== undefined && record.allowedOrigins.includes(origin)) return;
  throw JsonApiError.forbidden(
    origin === undefined
      ? 'This key is restricted to web origins; the request named none (Origin header).'
      : `This key may not be used from ${origin}.`,
  );
}
