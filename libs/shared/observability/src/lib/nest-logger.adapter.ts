import { Inject, Injectable, LoggerService, OnApplicationShutdown } from '@nestjs/common';
import { Level, Logger } from 'pino';
import { LOGGER } from './observability.tokens';

const STACK = /\n\s+at /;

/**
 * Nest's `LoggerService` over the app's pino logger, so Nest's own messages are JSON lines too:
 * `app.useLogger(app.get(NestLoggerAdapter))` with `bufferLogs: true`.
 */
@Injectable()
export class NestLoggerAdapter implements LoggerService, OnApplicationShutdown {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Lines still batched for stdout go out before Nest re-raises the shutdown signal. */
  onApplicationShutdown(): Promise<void> {
    return new Promise((resolve) => this.logger.flush(() => resolve()));
  }

  // Nest passes (message, ...extras, context) and, for errors, (message, stack?, context).
  private write(level: Level, message: unknown, params: unknown[]): void {
    const fields: Record<string, unknown> = {};
    const rest = params.filter((param) => param !== undefined);
    const last = rest.at(-1);
    if (typeof last === 'string' && !STACK.test(last)) {
      fields['context'] = last;
      rest.pop();
    }
    const extras: unknown[] = [];
    for (const param of rest) {
      if (typeof param === 'string' && STACK.test(param)) fields['stack'] = param;
      else if (param instanceof Error) fields['err'] = param;
      else extras.push(param);
    }
    if (extras.length > 0) fields['params'] = extras;

    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'string') {
      this.logger[level](fields, message);
    } else {
      this.logger[level]({ ...fields, data: message }, '');
    }
  }
}
