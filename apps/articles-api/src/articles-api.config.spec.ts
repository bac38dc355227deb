import { ConfigError } from '@waypost/shared/config';
import { ARTICLES_API_PORT, loadArticlesApiConfig } from './articles-api.config';

describe('loadArticlesApiConfig', () => {
  it('serves on 3102 and builds links on itself by default', () => {
    const config = loadArticlesApiConfig({});
    expect(config.port).toBe(ARTICLES_API_PORT);
    expect(ARTICLES_API_PORT).toBe(3102);
    expect(config.publicBaseUrl).toBe('http://127.0.0.1:3102');
    expect(config.cacheMaxAgeSeconds).toBe(60);
  });

  it('takes the public base URL without its trailing slash', () => {
    const config = loadArticlesApiConfig({
      PORT: '4000',
      PUBLIC_BASE_URL: 'https://api.example.com/v1/',
    });
    expect(config.publicBaseUrl).toBe('https://api.example.com/v1');
    expect(config.port).toBe(4000);
  });

  it('names the variable it cannot use', () => {
    expect(() => loadArticlesApiConfig({ PUBLIC_BASE_URL: 'ftp://example.com' })).toThrow(
      ConfigError,
    );
    expect(() => loadArticlesApiConfig({ CACHE_MAX_AGE_SECONDS: '-1' })).toThrow(
      /CACHE_MAX_AGE_SECONDS/,
    );
  });
});
