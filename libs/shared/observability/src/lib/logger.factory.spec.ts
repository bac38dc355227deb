import { createLogger } from './logger.factory';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 'unit',
    level: 'info',
    destination: { write: (line) => void lines.push(JSON.parse(line)) },
  });
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes the required fields on every line, msg included', () => {
    const { logger, lines } = capture();
    logger.info({ count: 3 });
    logger.warn('plain');
    logger.error(new Error('broken'));
    logger.debug('below the level');

    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', service: 'unit', msg: '', count: 3 }),
      expect.objectContaining({ level: 'warn', service: 'unit', msg: 'plain' }),
      expect.objectContaining({ level: 'error', service: 'unit', msg: 'broken' }),
    ]);
    for (const line of lines) {
      expect(new Date(line['time'] as string).toISOString()).toBe(line['time']);
    }
  });

  it('redacts keys and auth headers up to the depths we log', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        key: 'k0',
        apiKey: 'k1',
        source: { apiKey: 'k2', nested: { key: 'k3' } },
        headers: { authorization: 'Bearer k4', 'x-api-key': 'k5', accept: 'json' },
        request: { headers: { authorization: 'Bearer k6' } },
      },
      'secrets',
    );

    expect(JSON.stringify(lines)).not.toMatch(/k[0-6]/);
    expect(lines[0]).toMatchObject({ headers: { accept: 'json' } });
  });
});
