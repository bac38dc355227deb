import { createLogger } from './logger.factory';
import { NestLoggerAdapter } from './nest-logger.adapter';

describe('NestLoggerAdapter', () => {
  const lines: Record<string, unknown>[] = [];
  const adapter = new NestLoggerAdapter(
    createLogger({
      service: 'unit',
      level: 'trace',
      destination: { write: (line) => void lines.push(JSON.parse(line)) },
    }),
  );
  const stack = 'Error: down\n    at somewhere (file.ts:1:1)';

  beforeEach(() => (lines.length = 0));

  it('maps Nest levels to pino levels and keeps the context', () => {
    adapter.log('booted', 'NestApplication');
    adapter.verbose('chatty');
    adapter.fatal('gone', 'Main');

    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', msg: 'booted', context: 'NestApplication' }),
      expect.objectContaining({ level: 'trace', msg: 'chatty' }),
      expect.objectContaining({ level: 'fatal', msg: 'gone', context: 'Main' }),
    ]);
  });

  it('tells a stack from a context', () => {
    adapter.error('failed', stack, 'Worker');
    adapter.error('failed again', stack);
    adapter.error(new Error('thrown'), undefined, 'ExceptionsHandler');

    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', msg: 'failed', stack, context: 'Worker' }),
      expect.objectContaining({ msg: 'failed again', stack }),
      expect.objectContaining({
        msg: 'thrown',
        context: 'ExceptionsHandler',
        err: expect.objectContaining({ type: 'Error', message: 'thrown' }),
      }),
    ]);
    expect(lines[1]).not.toHaveProperty('context');
  });

  it('keeps non-string messages and extra parameters as fields', () => {
    adapter.warn({ queue: 'sync' }, 42, 'Scheduler');

    expect(lines).toEqual([
      expect.objectContaining({
        msg: '',
        data: { queue: 'sync' },
        params: [42],
        context: 'Scheduler',
      }),
    ]);
  });
});
