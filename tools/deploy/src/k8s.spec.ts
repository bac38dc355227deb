import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { API_NODE_FLAGS, loadRecording } from './workspace';
import {
  DEV_SOURCES_PORT,
  K8sObject,
  PLATFORM_APPS,
  heapFlags,
  programOf,
  quantity,
  renderOverlay,
} from './deploy-files';
import { REQUIRED_IN_CONTAINERS, loopbackSettings } from './settings';

/** The kinds the overlays may contain, each with its schema-validating model. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

/** The Secret prod expects to exist (k8s/overlays/prod/kustomization.yaml); dev generates it. */
const EXTERNAL_SECRET = 'waypost-db';
/** The image every Waypost container runs (the Dockerfile's), before an overlay's tag. */
const IMAGE = /^(?:registry\.example\.com\/)?waypost:/;
/** Beyond the heap: code space, Node's native memory and buffers (the bench's RSS minus heap). */
const NATIVE_OVERHEAD_BYTES = 64 * 2 ** 20;
/** V8's semi-space when NODE_OPTIONS does not set it (64-bit). */
const DEFAULT_SEMI_SPACE_MIB = 16;

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: unknown[];
  ports?: { name?: string; containerPort: number }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
}
interface Probe {
  httpGet?: { path: string; port: number | string };
  tcpSocket?: { port: number | string };
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  volumes?: { name: string; configMap?: { name: string; items?: unknown[] } }[];
}
interface Workload extends K8sObject {
  spec: {
    replicas?: number;
    strategy?: { type: string };
    selector?: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}

const ofKind = <T extends K8sObject>(objects: K8sObject[], kind: string) =>
  objects.filter((o) => o.kind === kind) as T[];
const workloads = (objects: K8sObject[]) => [
  ...ofKind<Workload>(objects, 'Deployment'),
  ...ofKind<Workload>(objects, 'Job'),
];
const ourContainers = (objects: K8sObject[]) =>
  workloads(objects).flatMap((w) =>
    [...w.spec.template.spec.containers, ...(w.spec.template.spec.initContainers ?? [])]
      .filter((c) => IMAGE.test(c.image))
      .map((container) => ({ workload: w, container })),
  );
const deploymentOf = (objects: K8sObject[], app: string) => {
  const found = ofKind<Workload>(objects, 'Deployment').filter(
    (d) => programOf(d.spec.template.spec.containers[0]?.command) === app,
  );
  expect(found.map((d) => d.metadata.name)).toEqual([app]);
  return found[0]!;
};
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The container's environment with Secret and ConfigMap references resolved. */
function resolveEnv(
  container: Container,
  objects: K8sObject[],
  externalSecret: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    const { secretKeyRef, configMapKeyRef } = variable.valueFrom ?? {};
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (secretKeyRef) {
      const secret = objects.find(
        (o) => o.kind === 'Secret' && o.metadata.name === secretKeyRef.name,
      ) as { data?: Record<string, string> } | undefined;
      const value = secret
        ? Buffer.from(secret.data?.[secretKeyRef.key] ?? '', 'base64').toString('utf8')
        : secretKeyRef.name === EXTERNAL_SECRET
          ? externalSecret[secretKeyRef.key]
          : undefined;
      if (!value)
        throw new Error(`${variable.name}: no Secret key ${JSON.stringify(secretKeyRef)}`);
      env[variable.name] = value;
    } else if (configMapKeyRef) {
      const map = objects.find(
        (o) => o.kind === 'ConfigMap' && o.metadata.name === configMapKeyRef.name,
      ) as { data?: Record<string, string> } | undefined;
      const value = map?.data?.[configMapKeyRef.key];
      if (value === undefined) {
        throw new Error(`${variable.name}: no ConfigMap key ${JSON.stringify(configMapKeyRef)}`);
      }
      env[variable.name] = value;
    } else throw new Error(`${variable.name}: neither a value nor a Secret or ConfigMap key`);
  }
  return env;
}

/** A file the environment names inside the container, written from the ConfigMap mounted there. */
function mountedFile(
  path: string,
  container: Container,
  pod: PodSpec,
  objects: K8sObject[],
  dir: string,
): string {
  const mount = container.volumeMounts?.find((m) => m.mountPath === dirname(path) && !m.subPath);
  const volume = pod.volumes?.find((v) => v.name === mount?.name);
  const map = objects.find(
    (o) => o.kind === 'ConfigMap' && o.metadata.name === volume?.configMap?.name,
  ) as { data?: Record<string, string> } | undefined;
  const text = volume?.configMap?.items ? undefined : map?.data?.[basename(path)];
  if (text === undefined)
    throw new Error(`${path} is not a file of a ConfigMap mounted in ${container.name}`);
  const file = join(dir, basename(path));
  writeFileSync(file, text);
  return file;
}

describe('kubernetes-models', () => {
  it('rejects an object that breaks the schema (the validation below is real)', () => {
    const broken = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: {
        selector: {},
        template: { spec: { containers: [{ name: 'x', ports: [{ containerPort: '80' }] }] } },
      },
    };
    expect(() => new Deployment(broken as never).validate()).toThrow(
      /containerPort must be integer/,
    );
  });
});

describe.each(['dev', 'prod'])('k8s/overlays/%s', (overlay) => {
  let objects: K8sObject[];
  let externalSecret: Record<string, string>;
  let dir: string;

  beforeAll(() => {
    objects = renderOverlay(overlay);
    // The keys prod's external Secret must have: those dev generates (with dev's values).
    const devSecret = renderOverlay('dev').find(
      (o) => o.kind === 'Secret' && o.metadata.name.startsWith(`${EXTERNAL_SECRET}-`),
    ) as { data: Record<string, string> } | undefined;
    externalSecret = Object.fromEntries(
      Object.entries(devSecret?.data ?? {}).map(([k, v]) => [
        k,
        Buffer.from(v, 'base64').toString(),
      ]),
    );
    dir = mkdtempSync(join(tmpdir(), `deploy-${overlay}-`));
  });

  /** A container's environment as the app sees it: the routes file written out where it is mounted. */
  const containerEnv = ({ workload, container }: ReturnType<typeof ourContainers>[number]) => {
    const env = resolveEnv(container, objects, externalSecret);
    if (env['GATEWAY_ROUTES_FILE']) {
      const pod = workload.spec.template.spec;
      env['GATEWAY_ROUTES_FILE'] = mountedFile(
        env['GATEWAY_ROUTES_FILE'],
        container,
        pod,
        objects,
        dir,
      );
    }
    return env;
  };
  const containerOf = (app: string) =>
    ourContainers(objects).find(({ container }) => programOf(container.command) === app)!;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders only objects that validate against their Kubernetes schema', () => {
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      if (!Model) throw new Error(`${object.apiVersion} ${object.kind} has no model in this test`);
      expect(() => new Model(object as never).validate()).not.toThrow();
    }
  });

  it('runs every app of tools/datasets.ts and the gateway in one Deployment on its port', () => {
    for (const app of PLATFORM_APPS) {
      const container = deploymentOf(objects, app.name).spec.template.spec.containers[0]!;
      expect({ app: app.name, ports: container.ports }).toEqual({
        app: app.name,
        ports: [{ name: 'http', containerPort: app.port }],
      });
      expect(container.env?.find((e) => e.name === 'PORT')?.value).toBe(String(app.port));
    }
  });

  it('probes /health/live and /health/ready on the app port', () => {
    for (const app of PLATFORM_APPS) {
      const container = deploymentOf(objects, app.name).spec.template.spec.containers[0]!;
      expect(container.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    }
  });

  it('gives each read service and the gateway a Service on its port that selects it', () => {
    for (const app of PLATFORM_APPS.filter((a) => a.role !== 'sync-worker')) {
      const deployment = deploymentOf(objects, app.name);
      const service = ofKind<
        K8sObject & {
          spec: {
            selector: Record<string, string>;
            ports: { name: string; port: number; targetPort: string }[];
          };
        }
      >(objects, 'Service').find((s) => s.metadata.name === app.name);
      expect(service?.spec.ports).toEqual([{ name: 'http', port: app.port, targetPort: 'http' }]);
      expect(selects(service!.spec.selector, deployment.spec.template.metadata.labels)).toBe(true);
      const selected = ofKind<Workload>(objects, 'Deployment').filter((d) =>
        selects(service!.spec.selector, d.spec.template.metadata.labels),
      );
      expect(selected.map((d) => d.metadata.name)).toEqual([app.name]);
    }
  });

  it('runs exactly one replica of each sync worker, replaced with Recreate, never autoscaled', () => {
    const scaled = ofKind<K8sObject & { spec: { scaleTargetRef: { name: string } } }>(
      objects,
      'HorizontalPodAutoscaler',
    ).map((h) => h.spec.scaleTargetRef.name);
    for (const app of PLATFORM_APPS.filter((a) => a.role === 'sync-worker')) {
      const deployment = deploymentOf(objects, app.name);
      expect({
        app: app.name,
        replicas: deployment.spec.replicas,
        strategy: deployment.spec.strategy,
      }).toEqual({
        app: app.name,
        replicas: 1,
        strategy: { type: 'Recreate' },
      });
      expect(scaled).not.toContain(app.name);
    }
  });

  it('runs the migrations in one Job and in no Deployment', () => {
    const runs = workloads(objects).flatMap((w) =>
      [...w.spec.template.spec.containers, ...(w.spec.template.spec.initContainers ?? [])]
        .filter(
          (c) =>
            programOf(c.command) === 'migrate' ||
            /migrat/.test([...(c.command ?? []), ...(c.args ?? [])].join(' ')),
        )
        .map(() => `${w.kind}/${w.metadata.name}`),
    );
    expect(runs).toEqual(['Job/migrate']);
    for (const app of PLATFORM_APPS) {
      expect(deploymentOf(objects, app.name).spec.template.spec.initContainers).toBeUndefined();
    }
  });

  it('sets only variables the program reads, every one a container needs, all valid', () => {
    for (const found of ourContainers(objects)) {
      const { workload, container } = found;
      const program = programOf(container.command);
      if (!program)
        throw new Error(`${workload.metadata.name}: ${container.command} runs no known program`);
      expect(container.envFrom).toBeUndefined();
      const env = containerEnv(found);
      const { reads, config } = loadRecording(program, env);
      const unread = Object.keys(env).filter((name) => name !== 'NODE_OPTIONS' && !reads.has(name));
      const missing = REQUIRED_IN_CONTAINERS.filter((name) => reads.has(name) && !(name in env));
      expect({ container: container.name, unread, missing }).toEqual({
        container: container.name,
        unread: [],
        missing: [],
      });
      const allowed = overlay === 'dev' ? ['publicBaseUrl', 'routes.corsOrigins'] : [];
      expect({
        container: container.name,
        loopback: loopbackSettings(config).filter((s) => !allowed.includes(s)),
      }).toEqual({
        container: container.name,
        loopback: [],
      });
      const expectedPort =
        PLATFORM_APPS.find((a) => a.name === program)?.port ??
        (program === 'dev-sources' ? DEV_SOURCES_PORT : undefined);
      if (expectedPort !== undefined && 'port' in config && !container.command?.includes('seed')) {
        expect({ program, port: config.port }).toEqual({ program, port: expectedPort });
      }
    }
  });

  it("points the read services' links at the gateway's /v1", () => {
    const publicUrl = (app: string) =>
      (loadRecording(app, containerEnv(containerOf(app))).config as { publicBaseUrl: string })
        .publicBaseUrl;
    const gateway = publicUrl('gateway');
    for (const app of PLATFORM_APPS.filter((a) => a.role === 'read-api')) {
      expect(publicUrl(app.name)).toBe(`${gateway}/v1`);
    }
  });

  it("routes the gateway to the read services' Services", () => {
    const { routes } = loadRecording('gateway', containerEnv(containerOf('gateway'))).config as {
      routes: { upstreams: Map<string, { url: string }> };
    };
    const readApis = PLATFORM_APPS.filter((a) => a.role === 'read-api');
    expect([...routes.upstreams.keys()].sort()).toEqual(readApis.map((a) => a.name).sort());
    for (const [name, upstream] of routes.upstreams) {
      const url = new URL(upstream.url);
      const service = objects.find(
        (o) => o.kind === 'Service' && o.metadata.name === url.hostname,
      ) as { spec: { ports: { port: number }[] } } | undefined;
      expect({
        name,
        service: url.hostname,
        ports: service?.spec.ports.map((p) => p.port),
      }).toEqual({
        name,
        service: name,
        ports: [Number(url.port)],
      });
    }
  });

  it('reaches in-cluster hosts through Services of this overlay', () => {
    const services = new Set(ofKind(objects, 'Service').map((s) => s.metadata.name));
    for (const { container } of ourContainers(objects)) {
      const env = resolveEnv(container, objects, externalSecret);
      // Values of prod's external Secret are the cluster's business (the ones here are dev's).
      const external = (container.env ?? []).filter(
        (e) =>
          !objects.some(
            (o) => o.kind === 'Secret' && o.metadata.name === e.valueFrom?.secretKeyRef?.name,
          ) && e.valueFrom?.secretKeyRef,
      );
      for (const e of external) delete env[e.name];
      const hosts = Object.values(env)
        .flatMap((value) => value.split(/[,=]/))
        .flatMap((part) => {
          try {
            return [new URL(part.replace(/:(article|news)$/, '')).hostname];
          } catch {
            return [];
          }
        })
        .filter((host) => !host.includes('.') && host !== 'localhost');
      for (const host of hosts)
        expect({ container: container.name, host, found: services.has(host) }).toEqual({
          container: container.name,
          host,
          found: true,
        });
    }
  });

  it("runs the HTTP apps with the benchmarked heap limits, within each container's memory limit", () => {
    for (const app of PLATFORM_APPS.filter((a) => a.role !== 'sync-worker')) {
      const container = deploymentOf(objects, app.name).spec.template.spec.containers[0]!;
      expect(container.env?.find((e) => e.name === 'NODE_OPTIONS')?.value).toBe(
        API_NODE_FLAGS.join(' '),
      );
    }
    for (const { container } of ourContainers(objects)) {
      const { requests, limits } = container.resources ?? {};
      expect({ container: container.name, requests: Object.keys(requests ?? {}).sort() }).toEqual({
        container: container.name,
        requests: ['cpu', 'memory'],
      });
      expect(limits?.['memory']).toBeDefined();
      for (const resource of ['cpu', 'memory']) {
        if (limits?.[resource])
          expect(quantity(requests![resource]!)).toBeLessThanOrEqual(quantity(limits[resource]));
      }
      const { oldSpace, semiSpace } = heapFlags(
        container.env?.find((e) => e.name === 'NODE_OPTIONS')?.value,
      );
      if (oldSpace !== undefined) {
        const heap = (oldSpace + 2 * (semiSpace ?? DEFAULT_SEMI_SPACE_MIB)) * 2 ** 20;
        expect({
          container: container.name,
          fits: heap + NATIVE_OVERHEAD_BYTES <= quantity(limits!['memory']!),
        }).toEqual({ container: container.name, fits: true });
      }
    }
  });

  it('runs every Waypost container as a non-root user on a read-only root filesystem', () => {
    const containers = ourContainers(objects);
    expect(containers.length).toBeGreaterThanOrEqual(PLATFORM_APPS.length + 1);
    for (const { workload, container } of containers) {
      const pod = workload.spec.template.spec;
      expect({
        container: container.name,
        runAsNonRoot: container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot,
        readOnlyRootFilesystem: container.securityContext?.readOnlyRootFilesystem,
        allowPrivilegeEscalation: container.securityContext?.allowPrivilegeEscalation,
        drop: container.securityContext?.capabilities?.drop,
      }).toEqual({
        container: container.name,
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        drop: ['ALL'],
      });
      expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
    }
  });

  if (overlay === 'dev') {
    it('brings its own PostGIS, Redis and the source stand-ins', () => {
      const names = ofKind(objects, 'Deployment').map((d) => d.metadata.name);
      expect(names).toEqual(expect.arrayContaining(['postgis', 'redis', 'dev-sources']));
      const postgis = ofKind<Workload>(objects, 'Deployment').find(
        (d) => d.metadata.name === 'postgis',
      )!;
      expect(postgis.spec.template.spec.containers[0]!.image).toBe('postgis/postgis:15-3.4');
      const seed = ofKind<Workload>(objects, 'Job').find((j) =>
        j.spec.template.spec.containers[0]?.command?.includes('seed'),
      );
      expect(programOf(seed?.spec.template.spec.containers[0]?.command)).toBe('dev-sources');
      const serve = deploymentOf(objects, 'dev-sources').spec.template.spec.containers[0]!;
      expect(serve.ports).toEqual([{ name: 'http', containerPort: DEV_SOURCES_PORT }]);
      expect(serve.readinessProbe?.httpGet?.path).toMatch(/^\/guides\/wp-json\/wp\/v2\/posts/);
    });
  }

  if (overlay === 'prod') {
    it('scales every read service and the gateway to at least two replicas', () => {
      const hpas = ofKind<
        K8sObject & {
          spec: { scaleTargetRef: { kind: string; name: string }; minReplicas?: number };
        }
      >(objects, 'HorizontalPodAutoscaler');
      for (const app of PLATFORM_APPS.filter((a) => a.role !== 'sync-worker')) {
        expect({
          app: app.name,
          atLeastTwo: (deploymentOf(objects, app.name).spec.replicas ?? 1) >= 2,
        }).toEqual({ app: app.name, atLeastTwo: true });
      }
      for (const hpa of hpas) {
        expect(hpa.spec.minReplicas ?? 1).toBeGreaterThanOrEqual(2);
        expect(PLATFORM_APPS.find((a) => a.name === hpa.spec.scaleTargetRef.name)?.role).not.toBe(
          'sync-worker',
        );
        expect(ofKind(objects, 'Deployment').map((d) => d.metadata.name)).toContain(
          hpa.spec.scaleTargetRef.name,
        );
      }
    });

    it('exposes the gateway, and only the gateway, through a plain Ingress', () => {
      const ingresses = ofKind<
        K8sObject & {
          metadata: { annotations?: unknown };
          spec: {
            rules: {
              http: {
                paths: {
                  path: string;
                  backend: { service: { name: string; port: { name?: string } } };
                }[];
              };
            }[];
          };
        }
      >(objects, 'Ingress');
      const paths = ingresses.flatMap((i) => i.spec.rules.flatMap((r) => r.http.paths));
      expect(new Set(paths.map((p) => JSON.stringify(p.backend.service)))).toEqual(
        new Set([JSON.stringify({ name: 'gateway', port: { name: 'http' } })]),
      );
      // The API and its reference only: health, metrics and admin stay inside the cluster.
      expect(paths.map((p) => p.path).sort()).toEqual(['/docs', '/v1']);
      expect(ingresses.map((i) => i.metadata.annotations)).toEqual([undefined]);
    });

    it('has no stand-ins, and leaves the database Secret to the cluster', () => {
      expect(
        workloads(objects).filter(
          (w) => programOf(w.spec.template.spec.containers[0]?.command) === 'dev-sources',
        ),
      ).toEqual([]);
      expect(ofKind(objects, 'Secret')).toEqual([]);
      const keys = ourContainers(objects).flatMap(({ container }) =>
        (container.env ?? []).flatMap((e) =>
          e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef] : [],
        ),
      );
      expect(new Set(keys.map((k) => k.name))).toEqual(new Set([EXTERNAL_SECRET]));
      expect(keys.map((k) => k.key).filter((key) => !(key in externalSecret))).toEqual([]);
    });

    it('gives the read services and the gateway the read-only database role', () => {
      for (const app of PLATFORM_APPS) {
        const container = deploymentOf(objects, app.name).spec.template.spec.containers[0]!;
        const key = container.env?.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef
          ?.key;
        expect({ app: app.name, key }).toEqual({
          app: app.name,
          key: app.role === 'sync-worker' ? 'DATABASE_URL' : 'DATABASE_URL_READONLY',
        });
      }
    });
  }
});
