import { ConfigError } from '@waypost/shared/config';
import { loadDevSourcesConfig } from './dev-sources.config';

describe('loadDevSourcesConfig', () => {
  it('defaults to the local cms database', () => {
    expect(loadDevSourcesConfig({})).toEqual({
      cmsDatabaseUrl: 'postgres://postgres@127.0.0.1:5432/cms',
      port: 3900,
    });
  });

  it('takes CMS_DATABASE_URL and rejects a non-PostgreSQL one by name', () => {
    expect(
      loadDevSourcesConfig({ CMS_DATABASE_URL: 'postgres://db:5432/cms2' }).cmsDatabaseUrl,
    ).toBe('postgres://db:5432/cms2');
    expect(() => loadDevSourcesConfig({ CMS_DATABASE_URL: 'mysql://db/cms' })).toThrow(ConfigError);
    expect(() => loadDevSourcesConfig({ CMS_DATABASE_URL: 'mysql://db/cms' })).toThrow(
      /CMS_DATABASE_URL/,
    );
  });

  it('takes DEV_SOURCES_PORT and rejects a bad one by name', () => {
    expect(loadDevSourcesConfig({ DEV_SOURCES_PORT: '4900' }).port).toBe(4900);
    expect(() => loadDevSourcesConfig({ DEV_SOURCES_PORT: 'x' })).toThrow(/DEV_SOURCES_PORT/);
  });
});
