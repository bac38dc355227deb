import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  JsonApiError,
  checkAccept,
  checkContentType,
  hasNul,
  sendJsonApiError,
} from '@waypost/shared/jsonapi';
import { DocumentResponder, DocumentResult } from './document.responder';

/** The read routes of a service (`ReadRoute[]`), provided by the app. */
export const READ_ROUTES = Symbol('READ_ROUTES');

/** What a route hands its service: the path parameters (`:id`) and the URL as received. */
export interface ReadRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly url: string;
}

/** A GET route of a read service: a Fastify path and the service call that answers it. */
export interface ReadRoute {
  readonly path: string;
  readonly handle: (request: ReadRequest) => Promise<DocumentResult>;
}

/**
 * Serves the read routes on the Fastify instance Nest wraps, past Nest's router, guards and
 * filters (their share of a request was as large as the query's): the same JSON:API content
 * negotiation (406/415) and error documents as the global guard and filter, ETag/304 and caching
 * headers through DocumentResponder; the request hooks (id, log line, histogram) are Fastify's and
 * see these routes as any other. Nest keeps the wiring, health, metrics and lifecycle.
 */
@Injectable()
export class ReadRouter implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly respond: DocumentResponder,
    @Inject(READ_ROUTES) private readonly routes: readonly ReadRoute[],
  ) {}

  // Nest registers its own routes before onModuleInit; Fastify takes routes until ready().
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    for (const route of this.routes) {
      fastify.get(route.path, (request, reply) => this.answer(route, request, reply));
    }
  }

  private async answer(
    route: ReadRoute,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    try {
      const { headers } = request;
      const unacceptable = checkAccept(headers.accept) ?? checkContentType(headers['content-type']);
      if (unacceptable) throw unacceptable;
      const params = request.params as ReadRequest['params'];
      // An id holding a NUL character names nothing PostgreSQL can store: no resource, for every
      // route of every read service (instead of an encoding error, 500, from the query).
      if (Object.values(params).some(hasNul)) {
        throw JsonApiError.notFound('no resource has an id holding a NUL character');
      }
      return await this.respond.with(request, reply, () =>
        route.handle({ params, url: request.url }),
      );
    } catch (error) {
      sendJsonApiError(reply, error);
      return reply;
    }
  }
}
