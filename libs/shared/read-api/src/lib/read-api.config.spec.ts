import { ConfigError } from '@waypost/shared/config';
import { loadReadApiConfig } from './read-api.config';

describe('loadReadApiConfig', () => {
  it('serves on the default port and builds links on itself by default', () => {
    const config = loadReadApiConfig({}, 3102);
    expect(config.port).toBe(3102);
    expect(config.publicBaseUrl).toBe('http://127.0.0.1:3102');
    expect(config.cacheMaxAgeSeconds).toBe(60);
  });

  it('takes the public base URL without its trailing slash', () => {
    const config = loadReadApiConfig(
      { PORT: '4000', PUBLIC_BASE_URL: 'https://api.example.com/v1/' },
      3102,
    );
    expect(config.publicBaseUrl).toBe('https://api.example.com/v1');
    expect(config.port).toBe(4000);
  });

  it('names the variable it cannot use', () => {
    expect(() => loadReadApiConfig({ PUBLIC_BASE_URL: 'ftp://example.com' }, 1)).toThrow(
      ConfigError,
    );
    expect(() => loadReadApiConfig({ CACHE_MAX_AGE_SECONDS: '-1' }, 1)).toThrow(
      /CACHE_MAX_AGE_SECONDS/,
    );
  });
});
