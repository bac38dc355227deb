import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'pino';
import { Histogram, Registry } from 'prom-client';
import {
  REQUEST_ID_HEADER,
  UNMATCHED_ROUTE,
  redactUrl,
  requestIdFrom,
  requestLogLevel,
} from './http-request.util';
import { TOP_LEVEL_SECRET_FIELDS } from './logger.factory';
import { registerHttpRequestDuration } from './metrics.registry';
import { ObservabilityOptions, RequestLabel } from './observability.options';
import { LOGGER, METRICS_REGISTRY, OBSERVABILITY_OPTIONS } from './observability.tokens';

/** Fastify hooks: request id in and out, one histogram observation and one log line per request. */
@Injectable()
export class HttpRequestInstrumentation implements OnModuleInit {
  private readonly duration: Histogram;
  private readonly extraLabels: [string, RequestLabel][];
  private readonly extraLogFields?: ObservabilityOptions['extraLogFields'];
  private readonly requestLogger: Logger;
  private readonly redactingLogger: Logger;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(LOGGER) logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(OBSERVABILITY_OPTIONS) options: ObservabilityOptions,
  ) {
    this.extraLabels = Object.entries(options.extraRequestLabels ?? {});
    this.extraLogFields = options.extraLogFields;
    // The request line's fields are ours and its URL is redacted already, so the redaction pass
    // (10-15 us and ~25 KB of garbage per line) only runs for extra fields it could match: an
    // object, or a field named like a secret (see plainFields).
    this.redactingLogger = logger;
    this.requestLogger = logger.child({}, { redact: { paths: [] } });
    this.duration = registerHttpRequestDuration(
      registry,
      this.extraLabels.map(([name]) => name),
    );
  }

  // Routes are registered before onModuleInit, but Fastify applies root hooks to every route at ready().
  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return; // an application context without HTTP: logger and registry only
    if (adapter.getType() !== 'fastify') {
      throw new Error(`ObservabilityModule needs the Fastify adapter, got ${adapter.getType()}`);
    }
    const fastify = adapter.getInstance<FastifyInstance>();
    // Callback hooks: an async hook costs a promise per request and hook.
    fastify.addHook('onRequest', (request, reply, done) => {
      this.onRequest(request, reply);
      done();
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      this.onResponse(request, reply);
      done();
    });
  }

  private onRequest(request: FastifyRequest, reply: FastifyReply): void {
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    // Handlers (and the gateway's upstream calls) read the id from the request header.
    request.headers[REQUEST_ID_HEADER] = requestId;
    reply.header(REQUEST_ID_HEADER, requestId);
  }

  private onResponse(request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const status = reply.statusCode;
    const durationMs = reply.elapsedTime;
    const labels: Record<string, string> = {
      route,
      method: request.method,
      status: String(status),
    };
    for (const [name, label] of this.extraLabels) labels[name] = label(request, reply);
    this.duration.observe(labels, durationMs / 1000);
    const extra = this.extraLogFields?.(request, reply);
    const logger =
      extra === undefined || plainFields(extra) ? this.requestLogger : this.redactingLogger;
    logger[requestLogLevel(route, status)](
      {
        ...extra,
        kind: 'request',
        requestId: request.headers[REQUEST_ID_HEADER],
        method: request.method,
        route,
        url: redactUrl(request.url),
        status,
        durationMs: Math.round(durationMs * 1000) / 1000,
      },
      `${request.method} ${route} ${status}`,
    );
  }
}

// Fields the redaction paths cannot match: values that are not objects, under names that are not
// secrets' (the paths reach into objects, or name a field of the line itself).
function plainFields(fields: Record<string, unknown>): boolean {
  for (const name in fields) {
    const value = fields[name];
    if (TOP_LEVEL_SECRET_FIELDS.has(name) || (typeof value === 'object' && value !== null))
      return false;
  }
  return true;
}
