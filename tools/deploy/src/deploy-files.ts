import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { DATASETS, GATEWAY_PORT, Program } from './workspace';

export const ROOT = join(__dirname, '..', '..', '..');

export type AppRole = 'read-api' | 'sync-worker' | 'gateway';

/** A long-running app of the platform and the port it listens on (architecture.md). */
export interface PlatformApp {
  readonly name: string;
  readonly port: number;
  readonly role: AppRole;
}

/** Every dataset's read service and sync worker (tools/datasets.ts) and the gateway. */
export const PLATFORM_APPS: readonly PlatformApp[] = [
  ...DATASETS.flatMap((d): PlatformApp[] => [
    { name: d.api.project, port: d.api.port, role: 'read-api' },
    { name: d.sync.project, port: d.sync.port, role: 'sync-worker' },
  ]),
  { name: 'gateway', port: GATEWAY_PORT, role: 'gateway' },
];

/** The stand-ins' port (architecture.md); they read DEV_SOURCES_PORT, not PORT. */
export const DEV_SOURCES_PORT = 3900;

/** Which program of the image a command runs: `node dist/apps/<app>/src/main.js ...` or the migrations. */
export function programOf(command: readonly string[] | undefined): Program | undefined {
  if (!command || command[0] !== 'node') return undefined;
  const script = command.slice(1).find((arg) => !arg.startsWith('-'));
  if (script === 'dist/tools/db/migrate.js') return 'migrate';
  return /^dist\/apps\/([a-z0-9-]+)\/src\/main\.js$/.exec(script ?? '')?.[1];
}

/** The script a command runs, relative to the image's working directory. */
export function scriptOf(command: readonly string[]): string | undefined {
  return command.slice(1).find((arg) => !arg.startsWith('-'));
}

/** V8 heap flags of a NODE_OPTIONS value, in MiB. */
export function heapFlags(nodeOptions: string | undefined): {
  oldSpace?: number;
  semiSpace?: number;
} {
  const flag = (name: string) => {
    const match = new RegExp(`(?:^|\\s)--${name}=(\\d+)(?:\\s|$)`).exec(nodeOptions ?? '');
    return match ? Number(match[1]) : undefined;
  };
  return { oldSpace: flag('max-old-space-size'), semiSpace: flag('max-semi-space-size') };
}

/** A Kubernetes quantity (`192Mi`, `1G`, `500m`, `2`) in bytes or cores. */
export function quantity(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(value);
  if (!match) throw new Error(`not a quantity: ${value}`);
  const units: Record<string, number> = {
    m: 1e-3,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  };
  return Number(match[1]) * (match[2] ? units[match[2]]! : 1);
}

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
  readonly [field: string]: unknown;
}

/** `kubectl kustomize k8s/overlays/<name>`: every object of the overlay. */
export function renderOverlay(name: string): K8sObject[] {
  const text = execFileSync('kubectl', ['kustomize', join(ROOT, 'k8s', 'overlays', name)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length) throw doc.errors[0];
    return doc.toJS() as K8sObject;
  });
}

export interface ComposeService {
  readonly image?: string;
  readonly build?: unknown;
  readonly command?: string[];
  readonly environment?: Record<string, string>;
  readonly ports?: string[];
  readonly volumes?: string[];
  readonly healthcheck?: { readonly test: string[] };
  readonly depends_on?: Record<string, { readonly condition: string }>;
  readonly restart?: string;
  readonly read_only?: boolean;
}

/** docker-compose.yml with its anchors and `<<` merges resolved, as Compose reads it. */
export function loadCompose(): { services: Record<string, ComposeService> } {
  return parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
}

export interface DockerStage {
  readonly name: string;
  readonly from: string;
  readonly instructions: readonly { readonly keyword: string; readonly args: string }[];
}

/** The stages of a Dockerfile: FROM ... AS name, then its instructions (continuations joined). */
export function parseDockerfile(text: string): {
  args: Record<string, string>;
  stages: DockerStage[];
} {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: {
    name: string;
    from: string;
    instructions: DockerStage['instructions'][number][];
  }[] = [];
  for (const line of lines) {
    const [, keyword, rest] = /^(\S+)\s*(.*)$/.exec(line)!;
    const upper = keyword!.toUpperCase();
    if (upper === 'FROM') {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest!) ?? [];
      stages.push({ name: name ?? String(stages.length), from: from ?? rest!, instructions: [] });
    } else if (stages.length === 0 && upper === 'ARG') {
      const [name, value] = rest!.split('=');
      args[name!] = value ?? '';
    } else {
      stages.at(-1)?.instructions.push({ keyword: upper, args: rest! });
    }
  }
  return { args, stages };
}
