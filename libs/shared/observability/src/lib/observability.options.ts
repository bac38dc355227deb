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
  /** Where log lines go; stdout when omitted. */
  readonly destination?: DestinationStream;
}
