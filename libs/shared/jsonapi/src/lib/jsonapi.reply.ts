import type { FastifyReply, FastifyRequest } from 'fastify';
import { isNotModified } from './conditional.request';
import { JSONAPI_MEDIA_TYPE, JSONAPI_PAGINATED_MEDIA_TYPE } from './media.types';

export interface SendJsonApiOptions {
  /** A cursor-paginated collection: announce the profile in Content-Type. */
  paginated?: boolean;
  /** Sent as `ETag`; a matching `If-None-Match` gets 304 without a body. */
  etag?: string;
  /** Sent as `Cache-Control` (on 304 too). */
  cacheControl?: string;
}

/**
 * Sends a JSON:API document with Content-Type (plus the cursor profile when paginated),
 * `Vary: Accept`, `ETag` and `Cache-Control`, or 304 when `If-None-Match` matches the ETag.
 * Use it from a controller that takes `@Res() reply` and return what it returns.
 */
export function sendJsonApi(
  reply: FastifyReply,
  request: FastifyRequest,
  document: object,
  options: SendJsonApiOptions = {},
): FastifyReply {
  addVaryAccept(reply);
  if (options.cacheControl) reply.header('cache-control', options.cacheControl);
  if (options.etag) {
    reply.header('etag', options.etag);
    if (isNotModified(request.headers['if-none-match'], options.etag)) {
      return reply.status(304).send();
    }
  }
  reply.header(
    'content-type',
    options.paginated ? JSONAPI_PAGINATED_MEDIA_TYPE : JSONAPI_MEDIA_TYPE,
  );
  return sendJson(reply, document);
}

/**
 * Sends `body` as JSON under the Content-Type already set. Fastify appends `; charset=utf-8` to
 * JSON media types unless the reply has its own serializer, and JSON:API forbids that parameter.
 */
export function sendJson(reply: FastifyReply, body: object): FastifyReply {
  return reply.serializer(JSON.stringify).send(body);
}

/** Adds `Accept` to the reply's `Vary` header, keeping what is already there. */
export function addVaryAccept(reply: FastifyReply): void {
  const current = reply.getHeader('vary');
  const values =
    current === undefined
      ? []
      : String(current)
          .split(',')
          .map((v) => v.trim());
  if (values.some((value) => value === '*' || value.toLowerCase() === 'accept')) return;
  reply.header('vary', [...values.filter(Boolean), 'Accept'].join(', '));
}
