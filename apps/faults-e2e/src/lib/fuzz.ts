import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Agent, request } from 'undici';
import { parse } from 'yaml';

const DEFAULT_ROUTES_FILE = path.join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'config',
  'gateway.routes.yaml',
);

/** One fuzzed request: a raw path and query (sent as is) and its headers. */
export interface FuzzRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
}

/** A request whose answer broke a rule: a 5xx, no answer in time, or a 4xx that is no JSON:API error document. */
export interface FuzzFailure {
  readonly request: FuzzRequest;
  readonly problem: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly requests: number;
  /** How many answers had each status. */
  readonly statuses: Record<number, number>;
  readonly failures: FuzzFailure[];
}

export interface FuzzOptions {
  /** The gateway's origin, `http://host:port`. */
  readonly gatewayUrl: string;
  /** A valid key; most requests carry it, so that they reach the read services. */
  readonly apiKey: string;
  /** The gateway's route prefixes (its routes file's `routes[].prefix`). */
  readonly prefixes: readonly string[];
  readonly requests: number;
  readonly seed: number;
  readonly concurrency?: number;
  /** A request without an answer after this long is a failure (a hang). */
  readonly timeoutMs?: number;
}

/** mulberry32: a small seeded generator, so that a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IDS = ['world', 'continent-eu', 'country-de', 'country-fr', 'city-2950159', 'region-de-16'];
// Beside every configured route's collection and resource (see fuzzGateway's `prefixes`).
const PATHS = [
  '/v1/places/{id}/children',
  '/v1/places/{id}/guide',
  '/v1/{id}',
  '/v1',
  '/admin/routes',
  '/health/live',
  '/{id}',
];
const PARAMETERS = [
  'filter[level]',
  'filter[place]',
  'filter[parent]',
  'filter[near]',
  'filter[radius]',
  'filter[contains]',
  'filter[category]',
  'filter[publishedAfter]',
  'filter[directOnly]',
  'sort',
  'page[size]',
  'page[after]',
  'page[before]',
  'page[number]',
  'fields[places]',
  'fields[pointsOfInterest]',
  'fields[articles]',
  'include',
  'filter',
  'page',
  'filter[level][x]',
  'filter[]',
  '[',
  'x',
];
const VALUES = [
  '',
  'country',
  'city',
  'country-de',
  '52.52,13.405',
  '48.8566,2.3522',
  '5000',
  '-1',
  '0',
  '1',
  '100',
  '101',
  '1e309',
  'NaN',
  'Infinity',
  '-0',
  '0x10',
  '999999999999999999999999',
  '91,181',
  '52.52,',
  ',,,',
  'name,-name',
  '-population',
  'ancestors,children',
  'places',
  'ancestors.ancestors',
  '2026-01-01',
  '2026-13-45',
  'true',
  "' or 1=1 --",
  '%ZZ',
  '%00',
  '%',
  '%E0%A4',
  '%C0%AF',
  '%F0%9F%8C%8D',
  '%2525',
  '..%2F..%2F',
  'eyJpZCI6MX0',
  '{"a":1}',
  '[]',
];
const ACCEPTS = [
  'application/vnd.api+json',
  'application/vnd.api+json; ext="https://jsonapi.org/ext/atomic"',
  'application/vnd.api+json; profile="x", application/vnd.api+json; charset=utf-8',
  'application/vnd.api+json; charset=utf-8',
  'text/html',
  '*/*',
  'application/json',
  ';;;',
];

/** Draws requests from a seeded generator: paths, ids, query strings, headers and encodings. */
export class RequestFuzzer {
  private readonly random: () => number;

  private readonly paths: readonly string[];

  /** `prefixes`: the gateway's route prefixes (`/places`), each fuzzed as collection and resource. */
  constructor(
    seed: number,
    private readonly apiKey: string,
    prefixes: readonly string[],
  ) {
    this.random = seededRandom(seed);
    this.paths = [...prefixes.flatMap((p) => [`/v1${p}`, `/v1${p}/{id}`]), ...PATHS];
  }

  next(): FuzzRequest {
    const path = this.pick(this.paths).replace('{id}', () => this.id());
    const query = this.chance(0.75) ? this.query() : '';
    return { path: `${path}${query ? `?${query}` : ''}`, headers: this.headers() };
  }

  private id(): string {
    const roll = this.random();
    if (roll < 0.5) return this.pick(IDS);
    if (roll < 0.6) return this.encodeSome(this.pick(IDS));
    if (roll < 0.7) return this.junk(1 + this.int(300));
    if (roll < 0.8) return this.pick(VALUES.filter((v) => v.includes('%'))) || 'x';
    if (roll < 0.9)
      return `${this.pick(IDS)}${this.pick(['%00', '%2F', '/..', '%20', '.json', ';x'])}`;
    return this.pick(['.', '..', '%2e%2e', '~', '-', '_', 'wp-guides-1', 'poi-1']);
  }

  private query(): string {
    const count = 1 + this.int(5);
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      let name = this.pick(PARAMETERS);
      if (this.chance(0.2)) name = this.encodeSome(name);
      let value = this.chance(0.1) ? this.junk(1 + this.int(2_000)) : this.pick(VALUES);
      if (this.chance(0.15)) value = this.encodeSome(value);
      parts.push(this.chance(0.05) ? name : `${name}=${value}`);
    }
    if (this.chance(0.05)) parts.push(parts[0]!); // a repeated parameter
    return parts.join(this.chance(0.05) ? '&&' : '&');
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = {};
    const auth = this.random();
    if (auth < 0.8) headers['authorization'] = `Bearer ${this.apiKey}`;
    else if (auth < 0.85) headers['x-api-key'] = this.apiKey;
    else if (auth < 0.9) headers['authorization'] = `Bearer wp_live_${this.junk(43)}`;
    else if (auth < 0.95)
      headers['authorization'] = this.pick(['Basic YTpi', 'Bearer', 'bearer  x', '']);
    if (this.chance(0.5)) headers['accept'] = this.pick(ACCEPTS);
    if (this.chance(0.1)) headers['if-none-match'] = this.pick(['*', 'W/"x"', '"', this.junk(64)]);
    if (this.chance(0.1)) headers['x-request-id'] = this.junk(1 + this.int(300));
    if (this.chance(0.05)) headers['origin'] = this.pick(['https://evil.example', 'null', 'x']);
    if (this.chance(0.05)) headers['accept-language'] = this.junk(40);
    return headers;
  }

  /** Percent-encodes some characters, now and then with a malformed escape. */
  private encodeSome(text: string): string {
    let out = '';
    for (const char of text) {
      if (this.chance(0.3))
        out += encodeURIComponent(char).replace(
          /^[^%]/,
          (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
        );
      else out += char;
    }
    return this.chance(0.2) ? `${out}${this.pick(['%', '%Z', '%G1', '%e2%82'])}` : out;
  }

  /** Printable ASCII that needs no escaping in a request line or header. */
  private junk(length: number): string {
    const alphabet = 'abcXYZ019-_.~!$*()+,;:@=[]{}|^`\'"<>';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out.replace(/[ #?&/\\]/g, '');
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  private int(below: number): number {
    return Math.floor(this.random() * below);
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }
}

/**
 * Sends `requests` fuzzed requests through the gateway and holds each answer to the rules: no 5xx,
 * an answer within `timeoutMs`, and every 4xx a JSON:API error document.
 */
export async function fuzzGateway(options: FuzzOptions): Promise<FuzzReport> {
  const fuzzer = new RequestFuzzer(options.seed, options.apiKey, options.prefixes);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const dispatcher = new Agent({ connections: options.concurrency ?? 16 });
  const statuses: Record<number, number> = {};
  const failures: FuzzFailure[] = [];
  // Drawn up front, in order, so that a seed names the same requests whatever the concurrency.
  const planned = Array.from({ length: options.requests }, () => fuzzer.next());
  let next = 0;
  const worker = async () => {
    while (next < planned.length) {
      const fuzzed = planned[next++]!;
      const problem = await send(options.gatewayUrl, fuzzed, timeoutMs, dispatcher, statuses);
      if (problem) failures.push({ request: fuzzed, problem });
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  } finally {
    await dispatcher.close();
  }
  return { seed: options.seed, requests: planned.length, statuses, failures };
}

async function send(
  origin: string,
  fuzzed: FuzzRequest,
  timeoutMs: number,
  dispatcher: Agent,
  statuses: Record<number, number>,
): Promise<string | undefined> {
  let status: number;
  let contentType: string;
  let body: string;
  try {
    const response = await request(`${origin}${fuzzed.path}`, {
      method: 'GET',
      headers: fuzzed.headers,
      dispatcher,
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.statusCode;
    contentType = String(response.headers['content-type'] ?? '');
    body = await response.body.text();
  } catch (error) {
    const name = (error as Error).name;
    return name === 'TimeoutError' || name === 'AbortError'
      ? `no answer within ${timeoutMs} ms`
      : `request failed: ${(error as Error).message}`;
  }
  statuses[status] = (statuses[status] ?? 0) + 1;
  if (status >= 500) return `answered ${status}: ${body.slice(0, 300)}`;
  if (status < 400) return undefined;
  if (!contentType.startsWith('application/vnd.api+json'))
    return `answered ${status} as ${contentType || 'no content type'}: ${body.slice(0, 300)}`;
  try {
    const document = JSON.parse(body) as { errors?: { status?: unknown }[] };
    const errors = document.errors;
    if (!Array.isArray(errors) || errors.length === 0) return `answered ${status} without errors[]`;
    if (!errors.every((e) => e.status === String(status)))
      return `answered ${status} with errors of other statuses: ${body.slice(0, 300)}`;
  } catch {
    return `answered ${status} with a body that is not JSON: ${body.slice(0, 300)}`;
  }
  return undefined;
}

/** The route prefixes of a routes file (`config/gateway.routes.yaml` by default). */
export async function routePrefixes(file = DEFAULT_ROUTES_FILE): Promise<string[]> {
  const routes = parse(await readFile(file, 'utf8')) as { routes: { prefix: string }[] };
  return routes.routes.map((route) => route.prefix);
}
