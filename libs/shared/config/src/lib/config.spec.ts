import { ConfigError, loadBaseConfig } from '../index';

describe('loadBaseConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadBaseConfig({}, 3101)).toEqual({
      port: 3101,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/waypost',
      redisUrl: 'redis://127.0.0.1:6379',
      logLevel: 'info',
    });
  });

  it.each([
    ['PORT', 'abc', /PORT must be an integer/],
    ['PORT', '70000', /PORT must be between/],
    ['DATABASE_URL', 'mysql://x/y', /DATABASE_URL must use postgres:/],
    ['REDIS_URL', 'not a url', /REDIS_URL must be a URL/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
  ])('rejects a bad %s naming the variable', (name, value, message) => {
    expect(() => loadBaseConfig({ [name]: value }, 1)).toThrow(ConfigError);
    expect(() => loadBaseConfig({ [name]: value }, 1)).toThrow(message);
  });
});
