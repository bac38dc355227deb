import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { LOGGER, Logger } from '@waypost/shared/observability';
import { GatewayContext } from './gateway.context';
import { decorateGatewayRequest } from './gateway.request';
import { API_PREFIX, ProxyHandler } from './proxy/proxy.handler';

// An API answering JSON only: nothing to frame, embed, sniff or execute.
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'cross-origin-resource-policy': 'same-origin',
} as const;

/**
 * Sets up Fastify beyond Nest's controllers: security headers on every answer, and one route pair
 * per configured prefix (`/v1/places` and `/v1/places/*`), so that the route template, not the raw
 * URL, labels metrics and logs.
 */
@Injectable()
export class GatewayHttp implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(GatewayContext) private readonly context: GatewayContext,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    decorateGatewayRequest(fastify);
    // A callback hook: an async one costs a promise per request.
    fastify.addHook('onRequest', (_request, reply, done) => {
      reply.headers(SECURITY_HEADERS);
      done();
    });
    for (const route of this.context.config.routes.routes) {
      const handler = new ProxyHandler(
        route,
        this.context.access,
        this.context.upstreams,
        this.logger,
      );
      for (const url of [`${API_PREFIX}${route.prefix}`, `${API_PREFIX}${route.prefix}/*`]) {
        fastify.route({
          method: ['GET', 'HEAD'],
          url,
          handler: (request, reply) => handler.handle(request, reply),
        });
      }
    }
  }
}
