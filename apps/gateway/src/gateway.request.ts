import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Id of the API key that made the request, once known; never the key itself. */
    gatewayKeyId: string | null;
    /** Which upstream answered (the `upstream` metric label); `none` when no upstream was called. */
    gatewayUpstream: string;
  }
}

export const NO_UPSTREAM = 'none';
/** The `upstream` label of the guide, which calls several. */
export const GUIDE_UPSTREAM = 'guide';

/** Declares the gateway's request fields up front, as Fastify wants for fast property access. */
export function decorateGatewayRequest(fastify: FastifyInstance): void {
  fastify.decorateRequest('gatewayKeyId', null);
  fastify.decorateRequest('gatewayUpstream', NO_UPSTREAM);
}
