import { readFileSync } from 'node:fs';
import { ConfigError } from '@waypost/shared/config';
import { parse } from 'yaml';

/** What the gateway does for a plan's keys while Redis (the shared rate-limit count) is down. */
export type RedisDownPolicy = 'open' | 'closed';

export interface PlanConfig {
  readonly name: string;
  readonly requestsPerWindow: number;
  readonly windowSeconds: number;
  /** `open`: serve without counting; `closed`: answer 503 until Redis is back. */
  readonly whenRedisDown: RedisDownPolicy;
  /** Keys of this plan may use `/admin/*`. */
  readonly admin: boolean;
}

export interface UpstreamConfig {
  readonly name: string;
  /** Origin plus an optional base path, without a trailing slash. */
  readonly url: string;
  /** Keep-alive connections kept to this upstream per gateway replica. */
  readonly connections: number;
}

export interface RouteTarget {
  readonly upstream: string;
  readonly weight: number;
}

export interface RouteConfig {
  /** Path under `/v1`, e.g. `/places`: it matches `/v1/places` and everything below it. */
  readonly prefix: string;
  /** One target, or several splitting the traffic by weight (canary). */
  readonly targets: readonly RouteTarget[];
  readonly timeoutMs: number;
  readonly plans: readonly string[];
}

export interface GuideCall {
  readonly upstream: string;
  /** Upstream path and query with `{id}` where the place id goes. */
  readonly path: string;
  readonly timeoutMs: number;
}

export interface GuidePart extends GuideCall {
  /** Named in `meta.unavailable` when this call fails. */
  readonly name: string;
  /** The place relationship that links the part's resources from the guide's primary data. */
  readonly relationship: string;
}

export interface GuideConfig {
  readonly plans: readonly string[];
  /** The place itself (with its ancestors): without it there is no guide. */
  readonly place: GuideCall;
  readonly parts: readonly GuidePart[];
}

/** The validated routes file: upstreams, plans, routes, the guide and CORS origins. */
export interface RoutesConfig {
  readonly upstreams: ReadonlyMap<string, UpstreamConfig>;
  readonly plans: ReadonlyMap<string, PlanConfig>;
  readonly routes: readonly RouteConfig[];
  readonly guide: GuideConfig;
  readonly corsOrigins: readonly string[];
}

const MAX_TIMEOUT_MS = 120_000;
const DEFAULT_CONNECTIONS = 64;
const NAME = /^[a-z][a-z0-9-]*$/;
const RELATIONSHIP = /^[a-z][A-Za-z0-9]*$/;
const PART_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;
const PREFIX = /^(\/[A-Za-z0-9._~-]+)+$/;

/** Reads and validates a routes file; a problem stops the gateway with a ConfigError naming the field. */
export function loadRoutesConfig(file: string): RoutesConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, `cannot be read: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new ConfigError(file, `is not valid YAML: ${(error as Error).message}`);
  }
  return parseRoutesConfig(document, file);
}

/** Validates an already parsed routes document; `source` names it in error messages. */
export function parseRoutesConfig(document: unknown, source: string): RoutesConfig {
  const fields = new FieldReader(source);
  const root = fields.object(document, '', ['upstreams', 'plans', 'routes', 'guide', 'cors']);

  const upstreams = new Map<string, UpstreamConfig>();
  for (const [name, value] of fields.entries(root['upstreams'], 'upstreams')) {
    const path = `upstreams.${name}`;
    const upstream = fields.object(value, path, ['url', 'connections']);
    upstreams.set(name, {
      name,
      url: fields.httpUrl(upstream['url'], `${path}.url`),
      connections: fields.integer(
        upstream['connections'],
        `${path}.connections`,
        1,
        4096,
        DEFAULT_CONNECTIONS,
      ),
    });
  }

  const plans = new Map<string, PlanConfig>();
  for (const [name, value] of fields.entries(root['plans'], 'plans')) {
    const path = `plans.${name}`;
    const plan = fields.object(value, path, [
      'requestsPerWindow',
      'windowSeconds',
      'whenRedisDown',
      'admin',
    ]);
    plans.set(name, {
      name,
      requestsPerWindow: fields.integer(
        plan['requestsPerWindow'],
        `${path}.requestsPerWindow`,
        1,
        10_000_000,
      ),
      windowSeconds: fields.integer(plan['windowSeconds'], `${path}.windowSeconds`, 1, 86_400),
      whenRedisDown: fields.oneOf(plan['whenRedisDown'], `${path}.whenRedisDown`, [
        'open',
        'closed',
      ]),
      admin: fields.boolean(plan['admin'], `${path}.admin`, false),
    });
  }

  const upstreamName = (value: unknown, path: string) => {
    const name = fields.string(value, path);
    if (!upstreams.has(name))
      fields.fail(
        path,
        `names no upstream: "${name}" (known: ${[...upstreams.keys()].join(', ')})`,
      );
    return name;
  };
  const planList = (value: unknown, path: string) => {
    const names = fields
      .array(value, path, 1)
      .map((item, i) => fields.string(item, `${path}[${i}]`));
    names.forEach((name, i) => {
      if (!plans.has(name))
        fields.fail(
          `${path}[${i}]`,
          `names no plan: "${name}" (known: ${[...plans.keys()].join(', ')})`,
        );
    });
    return names;
  };

  const routes = fields.array(root['routes'], 'routes', 1).map((value, i): RouteConfig => {
    const path = `routes[${i}]`;
    const route = fields.object(value, path, [
      'prefix',
      'upstream',
      'targets',
      'timeoutMs',
      'plans',
    ]);
    const prefix = fields.string(route['prefix'], `${path}.prefix`);
    if (!PREFIX.test(prefix))
      fields.fail(
        `${path}.prefix`,
        `must be a path like /places (no trailing slash or wildcards), got "${prefix}"`,
      );
    if ((route['upstream'] === undefined) === (route['targets'] === undefined))
      fields.fail(path, 'needs exactly one of upstream or targets');
    const targets =
      route['upstream'] !== undefined
        ? [{ upstream: upstreamName(route['upstream'], `${path}.upstream`), weight: 1 }]
        : fields.array(route['targets'], `${path}.targets`, 1).map((item, j) => {
            const targetPath = `${path}.targets[${j}]`;
            const target = fields.object(item, targetPath, ['upstream', 'weight']);
            return {
              upstream: upstreamName(target['upstream'], `${targetPath}.upstream`),
              weight: fields.integer(target['weight'], `${targetPath}.weight`, 1, 1000),
            };
          });
    return {
      prefix,
      targets,
      timeoutMs: fields.integer(route['timeoutMs'], `${path}.timeoutMs`, 1, MAX_TIMEOUT_MS),
      plans: planList(route['plans'], `${path}.plans`),
    };
  });
  routes.forEach((route, i) => {
    if (routes.findIndex((other) => other.prefix === route.prefix) !== i)
      fields.fail(`routes[${i}].prefix`, `repeats "${route.prefix}"`);
  });

  const guideRoot = fields.object(root['guide'], 'guide', ['plans', 'place', 'parts']);
  const guideCall = (value: unknown, path: string, extra: string[] = []) => {
    const call = fields.object(value, path, ['upstream', 'path', 'timeoutMs', ...extra]);
    const callPath = fields.string(call['path'], `${path}.path`);
    if (!callPath.startsWith('/') || !callPath.includes('{id}'))
      fields.fail(`${path}.path`, `must start with / and contain {id}, got "${callPath}"`);
    const spec: GuideCall = {
      upstream: upstreamName(call['upstream'], `${path}.upstream`),
      path: callPath,
      timeoutMs: fields.integer(call['timeoutMs'], `${path}.timeoutMs`, 1, MAX_TIMEOUT_MS),
    };
    return [call, spec] as const;
  };
  const [, place] = guideCall(guideRoot['place'], 'guide.place');
  const parts = fields.array(guideRoot['parts'] ?? [], 'guide.parts').map((value, i): GuidePart => {
    const path = `guide.parts[${i}]`;
    const [call, spec] = guideCall(value, path, ['name', 'relationship']);
    const relationship = fields.string(call['relationship'], `${path}.relationship`);
    if (!RELATIONSHIP.test(relationship) || relationship === 'ancestors')
      fields.fail(
        `${path}.relationship`,
        `must be a camelCase relationship name other than ancestors, got "${relationship}"`,
      );
    const name = fields.string(call['name'], `${path}.name`);
    if (!PART_NAME.test(name))
      fields.fail(`${path}.name`, `must be a word like pointsOfInterest, got "${name}"`);
    return { ...spec, name, relationship };
  });
  parts.forEach((part, i) => {
    if (parts.findIndex((other) => other.name === part.name) !== i)
      fields.fail(`guide.parts[${i}].name`, `repeats "${part.name}"`);
  });

  const cors = fields.object(root['cors'] ?? {}, 'cors', ['origins']);
  const corsOrigins = fields
    .array(cors['origins'] ?? [], 'cors.origins')
    .map((value, i) => fields.origin(value, `cors.origins[${i}]`));

  return {
    upstreams,
    plans,
    routes,
    guide: { plans: planList(guideRoot['plans'], 'guide.plans'), place, parts },
    corsOrigins,
  };
}

/** Reads fields of the parsed document, failing with the field's path. */
class FieldReader {
  constructor(private readonly source: string) {}

  fail(path: string, problem: string): never {
    throw new ConfigError(path ? `${this.source}: ${path}` : this.source, problem);
  }

  object(value: unknown, path: string, known: readonly string[]): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(path, `must be a mapping, got ${describe(value)}`);
    for (const key of Object.keys(value))
      if (!known.includes(key))
        this.fail(join(path, key), `is not a known field (known: ${known.join(', ')})`);
    return value as Record<string, unknown>;
  }

  entries(value: unknown, path: string): [string, unknown][] {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(path, `must be a mapping of names, got ${describe(value)}`);
    const entries = Object.entries(value);
    if (entries.length === 0) this.fail(path, 'must name at least one entry');
    for (const [name] of entries) this.name(name, join(path, name));
    return entries;
  }

  array(value: unknown, path: string, min = 0): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `must be a list, got ${describe(value)}`);
    if (value.length < min) this.fail(path, `must have at least ${min} item(s)`);
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.trim() === '')
      this.fail(path, `must be a non-empty string, got ${describe(value)}`);
    return value;
  }

  name(value: unknown, path: string): string {
    const name = this.string(value, path);
    if (!NAME.test(name)) this.fail(path, `must be lower-case kebab-case, got "${name}"`);
    return name;
  }

  integer(value: unknown, path: string, min: number, max: number, fallback?: number): number {
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      this.fail(path, `must be an integer between ${min} and ${max}, got ${describe(value)}`);
    return value;
  }

  boolean(value: unknown, path: string, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean')
      this.fail(path, `must be true or false, got ${describe(value)}`);
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    if (!allowed.includes(value as T))
      this.fail(path, `must be one of ${allowed.join(', ')}, got ${describe(value)}`);
    return value as T;
  }

  httpUrl(value: unknown, path: string): string {
    const url = this.parseUrl(value, path);
    if (url.search || url.hash) this.fail(path, 'must have no query or fragment');
    return url.href.replace(/\/+$/, '');
  }

  origin(value: unknown, path: string): string {
    const url = this.parseUrl(value, path);
    if (url.origin !== String(value))
      this.fail(path, `must be a bare origin like https://app.example.com, got "${String(value)}"`);
    return url.origin;
  }

  private parseUrl(value: unknown, path: string): URL {
    const text = this.string(value, path);
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      this.fail(path, `must be a URL, got "${text}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      this.fail(path, `must be an http or https URL, got "${text}"`);
    return url;
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}
