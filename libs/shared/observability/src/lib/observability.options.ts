import type { FastifyReply, FastifyRequest } from 'fastify';
import { DestinationStream, LevelWithSilent } from 'pino';

/** Computes one extra label of the HTTP histogram; its values must be few and bounded. */
export type RequestLabel = (request: FastifyRequest, reply: FastifyReply) => string;

export interface ObservabilityOptions {
  /** Written on every log line and as the `service` label of every metric. */
  readonly service: string;
  readonly logLevel: LevelWithSilent;
  /** Extra labels of `http_request_duration_seconds`, by label name. */
  readonly extraRequestLabels?: Readonly<Record<string, RequestLabel>>;
  /** Extra fields of the request log line (e.g. the gateway's key id; never a secret). */
  readonly extraLogFields?: (
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Record<string, unknown>;
  /** Where log lines go; stdout when omitted. */
  readonly destination?: DestinationStream;
}
