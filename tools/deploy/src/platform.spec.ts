import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_LOADERS, DATASETS, loadRecording } from './workspace';
import { DEV_SOURCES_PORT, PLATFORM_APPS, ROOT } from './deploy-files';
import {
  CONTAINER_ROUTES_FILE,
  SOURCE_ROUTES_FILE,
  containerRoutes,
  containerUpstreamUrl,
} from './gateway-routes';

describe('the platform the deployment files describe', () => {
  it('has the ports of architecture.md: gateway 3000, dataset n at 310n and 320n, dev-sources 3900', () => {
    expect(PLATFORM_APPS.find((a) => a.name === 'gateway')?.port).toBe(3000);
    DATASETS.forEach((dataset, i) => {
      expect([dataset.api.port, dataset.sync.port]).toEqual([3101 + i, 3201 + i]);
    });
    expect(DEV_SOURCES_PORT).toBe(3900);
  });

  it("matches each app's own default port", () => {
    for (const app of PLATFORM_APPS) {
      expect({
        app: app.name,
        port: (loadRecording(app.name, {}).config as { port: number }).port,
      }).toEqual({
        app: app.name,
        port: app.port,
      });
    }
    expect((loadRecording('dev-sources', {}).config as { port: number }).port).toBe(
      DEV_SOURCES_PORT,
    );
  });

  it('has a config loader for every app, and records what each reads', () => {
    for (const app of PLATFORM_APPS) expect(CONFIG_LOADERS[app.name]).toBeDefined();
    const { reads } = loadRecording('places-api', {});
    expect([...reads]).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL', 'PUBLIC_BASE_URL']),
    );
    expect(() => loadRecording('places-api', { DATABASE_URL: 'mysql://x/y' })).toThrow(
      /DATABASE_URL/,
    );
  });

  it('reads for the migrate job what tools/db/migrate.ts reads', () => {
    const source = readFileSync(join(ROOT, 'tools', 'db', 'migrate.ts'), 'utf8');
    const read = [...source.matchAll(/process\.env\[['"]([A-Z_]+)['"]\]/g)].map((m) => m[1]);
    expect(read).toEqual(['DATABASE_URL']);
    expect([...loadRecording('migrate', {}).reads]).toEqual(['DATABASE_URL']);
  });
});

describe('k8s/base/gateway.routes.yaml', () => {
  it('is config/gateway.routes.yaml with the upstreams at their Services (regenerate it if not)', () => {
    const generated = containerRoutes(readFileSync(SOURCE_ROUTES_FILE, 'utf8'));
    expect(readFileSync(CONTAINER_ROUTES_FILE, 'utf8')).toBe(generated);
  });

  it('differs from the source in the upstream URLs only', () => {
    const source = parse(readFileSync(SOURCE_ROUTES_FILE, 'utf8')) as {
      upstreams: Record<string, { url: string }>;
    };
    const container = parse(readFileSync(CONTAINER_ROUTES_FILE, 'utf8')) as typeof source;
    for (const name of Object.keys(source.upstreams)) {
      expect(container.upstreams[name]!.url).toBe(containerUpstreamUrl(name));
      source.upstreams[name]!.url = containerUpstreamUrl(name);
    }
    expect(container).toEqual(source);
  });

  it('refuses an upstream that is no dataset read service', () => {
    expect(() =>
      containerRoutes('upstreams:\n  no-such-api:\n    url: http://127.0.0.1:3999\n'),
    ).toThrow(/no-such-api/);
  });
});
