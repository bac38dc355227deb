import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { JsonApiError, JsonApiErrorList, errorDocument, responseStatus } from './jsonapi.errors';
import { JSONAPI_MEDIA_TYPE } from './media.types';
import { addVaryAccept, sendJson } from './jsonapi.reply';

/**
 * Global filter (`app.useGlobalFilters(new JsonApiExceptionFilter())`): JsonApiError and
 * JsonApiErrorList become their document, status and headers; Nest's NotFoundException (e.g. an
 * unknown route) a 404; other HttpExceptions their status (5xx with a generic detail, logged);
 * anything else a logged 500 whose detail is generic, never a stack or SQL.
 */
// Nest's NotFoundException for unknown routes, and Fastify's own 406/415, get our codes.
const KNOWN_CLIENT_ERRORS: Record<number, (detail: string) => JsonApiError> = {
  404: JsonApiError.notFound,
  406: JsonApiError.notAcceptable,
  415: JsonApiError.unsupportedMediaType,
};

@Catch()
export class JsonApiExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    sendJsonApiError(host.switchToHttp().getResponse<FastifyReply>(), exception);
  }
}

const logger = new Logger(JsonApiExceptionFilter.name);

/**
 * Answers with the JSON:API error document for `exception`, as `JsonApiExceptionFilter` does: for
 * handlers registered on Fastify directly (Nest's filters do not see them).
 */
export function sendJsonApiError(reply: FastifyReply, exception: unknown): void {
  const errors = errorsFor(exception);
  if (reply.sent) return;
  reply
    .status(responseStatus(errors))
    .headers(Object.assign({}, ...errors.map((error) => error.headers)))
    .header('content-type', JSONAPI_MEDIA_TYPE);
  addVaryAccept(reply);
  sendJson(reply, errorDocument(errors));
}

function errorsFor(exception: unknown): readonly JsonApiError[] {
  if (exception instanceof JsonApiError) return [exception];
  if (exception instanceof JsonApiErrorList) return exception.errors;
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    const status = exception.getStatus();
    const known = KNOWN_CLIENT_ERRORS[status];
    return [known ? known(exception.message) : JsonApiError.fromStatus(status, exception.message)];
  }
  const health = readinessReport(exception);
  if (health) {
    // A dependency is down (terminus readiness): expected, so not logged as a crash, and the
    // report of which dependency failed stays in meta.
    return [
      JsonApiError.of('service-unavailable', 'A dependency of this service is down.', undefined, {
        meta: { health },
      }),
    ];
  }
  const error = exception instanceof Error ? exception : new Error(String(exception));
  logger.error(`Unhandled ${error.name}: ${error.message}`, error.stack);
  if (exception instanceof HttpException) {
    return [
      JsonApiError.fromStatus(exception.getStatus(), 'The server could not answer this request.'),
    ];
  }
  return [JsonApiError.internal()];
}

/** The body of a terminus readiness failure (503 with per-dependency details), if this is one. */
function readinessReport(exception: unknown): Record<string, unknown> | undefined {
  if (!(exception instanceof HttpException) || exception.getStatus() !== 503) return undefined;
  const body = exception.getResponse();
  return typeof body === 'object' && body !== null && 'details' in body
    ? (body as Record<string, unknown>)
    : undefined;
}
