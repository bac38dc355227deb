import pino, { DestinationStream, LevelWithSilent, Logger } from 'pino';

export interface LoggerOptions {
  /** Written on every line as `service`. */
  readonly service: string;
  readonly level: LevelWithSilent;
  /** Where lines go; stdout (batched) when omitted (tests pass a capturing stream). */
  readonly destination?: DestinationStream;
}

export const REDACTED = '[redacted]';

/** Lines to stdout go out in batches of this many bytes, or after `STDOUT_FLUSH_MS`. */
const STDOUT_BATCH_BYTES = 4096;
const STDOUT_FLUSH_MS = 1000;

// @pinojs/redact wildcards match one level, so each secret is listed at the depths we log objects.
const SECRET_PATHS = [
  'headers.authorization',
  'headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  'apiKey',
  'key',
  '*.apiKey',
  '*.key',
  '*.*.apiKey',
  '*.*.key',
];

/** Secret paths that name a field of the logged object itself (not of an object inside it). */
export const TOP_LEVEL_SECRET_FIELDS: ReadonlySet<string> = new Set(
  SECRET_PATHS.filter((path) => /^\w+$/.test(path)),
);

/**
 * A pino logger writing one JSON line per event with the fields of `LOG_LINE_SCHEMA`:
 * `time` (ISO-8601), `level` (label), `service`, `msg`; secrets are redacted.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: SECRET_PATHS, censor: REDACTED },
      hooks: {
        // `logger.info({...})` alone would write no `msg`; every line carries one.
        logMethod(args, method) {
          const [first] = args;
          if (args.length === 1 && typeof first === 'object' && !(first instanceof Error)) {
            return method.apply(this, [first, '']);
          }
          return method.apply(this, args);
        },
      },
    },
    options.destination ?? stdoutDestination(),
  );
}

/**
 * stdout, written in batches: a write per line (one per request) costs more CPU than the line
 * itself. A quiet process still shows its lines within a second; pino flushes on exit.
 */
function stdoutDestination(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false, minLength: STDOUT_BATCH_BYTES });
  // With a callback, flushing a closed stream reports to it instead of throwing.
  const timer = setInterval(() => stream.flush(() => undefined), STDOUT_FLUSH_MS);
  timer.unref();
  stream.on('close', () => clearInterval(timer));
  return stream;
}
