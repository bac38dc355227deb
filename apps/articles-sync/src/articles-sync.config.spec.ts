import { ConfigError } from '@waypost/shared/config';
import { loadArticlesSyncConfig, parseWordPressSites } from './articles-sync.config';

const DEFAULTS = { perPage: 100, everyMs: 300_000, reconcileEveryMs: 3_600_000 };

describe('articles-sync config', () => {
  it('defaults to the two dev-sources sites', () => {
    const config = loadArticlesSyncConfig({});
    expect(config.port).toBe(3202);
    expect(config.sites).toEqual([
      {
        name: 'guides',
        source: 'wp-guides',
        baseUrl: 'http://127.0.0.1:3900/guides',
        kind: 'article',
        ...DEFAULTS,
      },
      {
        name: 'news',
        source: 'wp-news',
        baseUrl: 'http://127.0.0.1:3900/news',
        kind: 'news',
        ...DEFAULTS,
      },
    ]);
  });

  it('reads the compact form with global defaults, and JSON with per-site settings', () => {
    const compact = loadArticlesSyncConfig({
      WORDPRESS_SITES: 'blog = https://blog.example.com/:news',
      WORDPRESS_PER_PAGE: '50',
      SYNC_EVERY_MS: '60000',
    }).sites;
    expect(compact).toEqual([
      {
        name: 'blog',
        source: 'wp-blog',
        baseUrl: 'https://blog.example.com',
        kind: 'news',
        perPage: 50,
        everyMs: 60_000,
        reconcileEveryMs: 3_600_000,
      },
    ]);
    const json = parseWordPressSites(
      '[{"name":"a","baseUrl":"http://a.test","kind":"article","perPage":20,"reconcileEveryMs":60000}]',
      DEFAULTS,
    );
    expect(json[0]).toMatchObject({ perPage: 20, everyMs: 300_000, reconcileEveryMs: 60_000 });
  });

  it.each([
    ['guides=http://127.0.0.1:3900/guides', /WORDPRESS_SITES must be "name=baseUrl:kind/],
    ['guides=http://x.test:blog', /kind must be one of article, news, got "blog"/],
    ['Guides=http://x.test:news', /name must match/],
    ['a=ftp://x.test:news', /baseUrl must use http: or https:/],
    ['a=http://x.test:news,a=http://y.test:news', /names site "a" twice/],
    [
      '[{"name":"a","baseUrl":"http://a.test","kind":"news","perPage":101}]',
      /perPage must be an integer from 1 to 100/,
    ],
    ['[{"name":', /WORDPRESS_SITES is not valid JSON/],
  ])('rejects WORDPRESS_SITES=%s naming the variable', (value, message) => {
    expect(() => loadArticlesSyncConfig({ WORDPRESS_SITES: value })).toThrow(ConfigError);
    expect(() => loadArticlesSyncConfig({ WORDPRESS_SITES: value })).toThrow(message);
  });

  it('caps WORDPRESS_PER_PAGE at WordPress’s 100', () => {
    expect(() => loadArticlesSyncConfig({ WORDPRESS_PER_PAGE: '101' })).toThrow(
      /WORDPRESS_PER_PAGE must be between 1 and 100/,
    );
  });
});
