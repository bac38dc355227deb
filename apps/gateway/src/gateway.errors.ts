import type { FastifyReply } from 'fastify';
import { Logger } from '@waypost/shared/observability';
import {
  JSONAPI_MEDIA_TYPE,
  JsonApiError,
  addVaryAccept,
  errorDocument,
} from '@waypost/shared/jsonapi';
import { UpstreamFailure } from './proxy/upstream.client';

/** The JSON:API error for an upstream that did not answer: 504 when too slow, 502 when unreachable. */
export function upstreamError(failure: UpstreamFailure): JsonApiError {
  const meta = { upstream: failure.upstream };
  return failure.kind === 'timeout'
    ? JsonApiError.gatewayTimeout(`${failure.upstream} did not answer in time.`, meta)
    : JsonApiError.badGateway(`${failure.upstream} could not be reached.`, meta);
}

/**
 * Answers with the error document, for handlers outside Nest's exception filter (the proxy
 * routes); anything but a JsonApiError or UpstreamFailure is logged and becomes a generic 500.
 */
export function sendError(reply: FastifyReply, error: unknown, logger: Logger): FastifyReply {
  let jsonApiError: JsonApiError;
  if (error instanceof JsonApiError) jsonApiError = error;
  else if (error instanceof UpstreamFailure) jsonApiError = upstreamError(error);
  else {
    logger.error({ err: error }, 'unhandled error in a gateway route');
    jsonApiError = JsonApiError.internal();
  }
  reply
    .status(jsonApiError.status)
    .headers(jsonApiError.headers)
    .header('content-type', JSONAPI_MEDIA_TYPE);
  addVaryAccept(reply);
  return reply.serializer(JSON.stringify).send(errorDocument([jsonApiError]));
}
