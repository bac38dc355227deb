import { isAbsolute, join } from 'node:path';
import { API_NODE_FLAGS, loadRecording } from './workspace';
import {
  ComposeService,
  DEV_SOURCES_PORT,
  PLATFORM_APPS,
  ROOT,
  loadCompose,
  programOf,
} from './deploy-files';
import { REQUIRED_IN_CONTAINERS, loopbackSettings } from './settings';

const { services } = loadCompose();
const named = (name: string): ComposeService => {
  const service = services[name];
  if (!service) throw new Error(`docker-compose.yml has no service "${name}"`);
  return service;
};
/** Services that run a program of the Waypost image. */
const ours = Object.entries(services).filter(([, s]) => programOf(s.command));

/** A service's environment, with GATEWAY_ROUTES_FILE mapped to the host file mounted there. */
function hostEnv(service: ComposeService): Record<string, string> {
  const env = { ...service.environment };
  const routes = env['GATEWAY_ROUTES_FILE'];
  if (routes) {
    const volume = service.volumes?.find((v) => v.split(':')[1] === routes);
    if (!volume) throw new Error(`${routes} is not mounted`);
    const host = volume.split(':')[0]!;
    env['GATEWAY_ROUTES_FILE'] = isAbsolute(host) ? host : join(ROOT, host);
  }
  return env;
}

function dependencies(name: string, seen = new Set<string>()): Set<string> {
  for (const next of Object.keys(services[name]?.depends_on ?? {})) {
    if (seen.has(next)) continue;
    seen.add(next);
    dependencies(next, seen);
  }
  return seen;
}

describe('docker-compose.yml', () => {
  it('has PostGIS, Redis, the migrate job, the stand-ins and every app', () => {
    expect(named('postgis').image).toBe('postgis/postgis:15-3.4');
    expect(named('redis').image).toMatch(/^redis:/);
    expect(programOf(named('migrate').command)).toBe('migrate');
    expect(named('cms-seed').command?.slice(-1)).toEqual(['seed']);
    expect(programOf(named('cms-seed').command)).toBe('dev-sources');
    expect(named('dev-sources').command?.slice(-1)).toEqual(['serve']);
    for (const app of PLATFORM_APPS) expect(programOf(named(app.name).command)).toBe(app.name);
  });

  it('builds the one image once and runs every program from it', () => {
    const images = new Set(ours.map(([, s]) => s.image));
    expect(images.size).toBe(1);
    const builders = Object.entries(services).filter(([, s]) => s.build !== undefined);
    expect(builders.map(([name]) => name)).toEqual(['migrate']);
    expect(builders[0]![1].image).toBe([...images][0]);
  });

  it('publishes and listens on the ports of architecture.md', () => {
    for (const app of PLATFORM_APPS) {
      const service = named(app.name);
      expect({ app: app.name, ports: service.ports }).toEqual({
        app: app.name,
        ports: [`${app.port}:${app.port}`],
      });
      const { config } = loadRecording(app.name, hostEnv(service));
      expect({ app: app.name, port: (config as { port: number }).port }).toEqual({
        app: app.name,
        port: app.port,
      });
    }
    expect(named('dev-sources').ports).toEqual([`${DEV_SOURCES_PORT}:${DEV_SOURCES_PORT}`]);
    const { config } = loadRecording('dev-sources', hostEnv(named('dev-sources')));
    expect((config as { port: number }).port).toBe(DEV_SOURCES_PORT);
  });

  it('sets only variables the program reads, every one a container needs, all valid', () => {
    expect(ours.length).toBe(PLATFORM_APPS.length + 3);
    for (const [name, service] of ours) {
      const env = hostEnv(service);
      const { reads, config } = loadRecording(programOf(service.command)!, env);
      const unread = Object.keys(env).filter((v) => v !== 'NODE_OPTIONS' && !reads.has(v));
      const missing = REQUIRED_IN_CONTAINERS.filter((v) => reads.has(v) && !(v in env));
      // Links in documents may name the machine's loopback: compose publishes the gateway there.
      const loopback = loopbackSettings(config).filter(
        (s) => s !== 'publicBaseUrl' && s !== 'routes.corsOrigins',
      );
      expect({ name, unread, missing, loopback }).toEqual({
        name,
        unread: [],
        missing: [],
        loopback: [],
      });
    }
  });

  it("points the read services' links at the gateway's /v1", () => {
    const publicUrl = (app: string) =>
      (loadRecording(app, hostEnv(named(app))).config as { publicBaseUrl: string }).publicBaseUrl;
    for (const app of PLATFORM_APPS.filter((a) => a.role === 'read-api')) {
      expect(publicUrl(app.name)).toBe(`${publicUrl('gateway')}/v1`);
    }
  });

  it('runs the HTTP apps with the benchmarked heap limits', () => {
    for (const app of PLATFORM_APPS.filter((a) => a.role !== 'sync-worker')) {
      expect(named(app.name).environment?.['NODE_OPTIONS']).toBe(API_NODE_FLAGS.join(' '));
    }
  });

  it('checks the health of every long-running service, the apps on /health/ready', () => {
    for (const app of PLATFORM_APPS) {
      const test = named(app.name).healthcheck?.test.join(' ') ?? '';
      expect(test).toContain(`'http://127.0.0.1:${app.port}/health/ready'`);
      expect(test).toContain('process.exit(r.ok ? 0 : 1)');
    }
    // dev-sources serves no /health: it is ready when the WordPress API answers.
    expect(named('dev-sources').healthcheck?.test.join(' ')).toContain(
      `http://127.0.0.1:${DEV_SOURCES_PORT}/guides/wp-json/wp/v2/posts`,
    );
    expect(named('postgis').healthcheck?.test).toContain('pg_isready');
    expect(named('redis').healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('starts each service after what it needs, on conditions that can be met', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        const dependency = named(target);
        if (condition === 'service_healthy') expect(dependency.healthcheck).toBeDefined();
        else if (condition === 'service_completed_successfully') {
          expect({ target, restart: dependency.restart }).toEqual({ target, restart: 'no' });
        } else throw new Error(`${name} depends on ${target} with condition ${condition}`);
      }
      expect(dependencies(name).has(name)).toBe(false);
    }
    for (const [name, service] of ours) {
      const { reads } = loadRecording(programOf(service.command)!, hostEnv(service));
      if (reads.has('DATABASE_URL') && name !== 'migrate') {
        expect({ name, migrate: service.depends_on?.['migrate']?.condition }).toEqual({
          name,
          migrate: 'service_completed_successfully',
        });
      }
      // Every compose host a setting names (postgis, redis, dev-sources) is started before it.
      const hosts = Object.values(service.environment ?? {})
        .flatMap((value) => [...value.matchAll(/[a-z]+:\/\/(?:[^@/]*@)?([a-z0-9-]+)[:/]/g)])
        .map((match) => match[1]!)
        .filter((host) => host in services);
      for (const host of hosts) {
        expect({ name, host, started: dependencies(name).has(host) }).toEqual({
          name,
          host,
          started: true,
        });
      }
    }
    for (const app of PLATFORM_APPS.filter((a) => a.role === 'read-api')) {
      expect(named('gateway').depends_on?.[app.name]?.condition).toBe('service_healthy');
    }
  });

  it('runs the migrations in the migrate service only', () => {
    const migrating = Object.entries(services)
      .filter(
        ([, s]) => programOf(s.command) === 'migrate' || /migrat/.test((s.command ?? []).join(' ')),
      )
      .map(([name]) => name);
    expect(migrating).toEqual(['migrate']);
  });

  it('routes the gateway to the read services of this file', () => {
    const { config } = loadRecording('gateway', hostEnv(named('gateway')));
    const { upstreams } = (config as { routes: { upstreams: Map<string, { url: string }> } })
      .routes;
    expect([...upstreams.keys()].sort()).toEqual(
      PLATFORM_APPS.filter((a) => a.role === 'read-api')
        .map((a) => a.name)
        .sort(),
    );
    for (const [name, { url }] of upstreams) {
      const { hostname, port } = new URL(url);
      expect({ name, hostname, port: named(hostname).environment?.['PORT'] }).toEqual({
        name,
        hostname: name,
        port,
      });
    }
  });
});
