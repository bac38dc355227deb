import { Agent, request } from 'undici';

/** One request of the gateway's JSON request log (`kind: "request"` lines). */
export interface LoggedRequest {
  /** Unix milliseconds, from the line's `time` (ISO 8601, or pino's default epoch milliseconds). */
  readonly time: number;
  readonly method: string;
  readonly url: string;
  readonly status: number;
}

/** The replayable requests of a gateway log: GET/HEAD request lines, health and metrics left out. */
export function parseRequestLog(text: string): LoggedRequest[] {
  const requests: LoggedRequest[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    if (record['kind'] !== 'request') continue;
    const { method, url, status } = record;
    const time =
      typeof record['time'] === 'string' ? Date.parse(record['time']) : Number(record['time']);
    if (!Number.isFinite(time) || typeof url !== 'string' || typeof status !== 'number') continue;
    if (method !== 'GET' && method !== 'HEAD') continue;
    if (/^\/(health|metrics)/.test(url)) continue;
    requests.push({ time, method, url, status });
  }
  return requests.sort((a, b) => a.time - b.time);
}

/** Status counts and latency quantiles of a set of answers. */
export interface TrafficSummary {
  readonly requests: number;
  readonly statuses: Record<string, number>;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function summarise(answers: readonly { status: number; ms: number }[]): TrafficSummary {
  const statuses: Record<string, number> = {};
  for (const { status } of answers) statuses[status] = (statuses[status] ?? 0) + 1;
  const sorted = answers.map((a) => a.ms).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    requests: answers.length,
    statuses,
    p50Ms: round(at(0.5)),
    p99Ms: round(at(0.99)),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Sends one request; its status (0 when it got no answer) and latency. */
export async function timedRequest(
  dispatcher: Agent,
  origin: string,
  path: string,
  headers: Record<string, string>,
  method: 'GET' | 'HEAD' = 'GET',
): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  try {
    const response = await request(`${origin}${path}`, {
      method,
      headers,
      dispatcher,
      signal: AbortSignal.timeout(30_000),
    });
    await response.body.dump();
    return { status: response.statusCode, ms: performance.now() - started };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

export interface ReplayOptions {
  readonly target: string;
  readonly headers: Record<string, string>;
  /** 1 replays at the recorded pace, 10 ten times faster. */
  readonly speed: number;
}

/**
 * Replays logged requests against `target` at their recorded pace divided by `speed`; the
 * replayed answers' summary, and how many statuses differ from the recorded ones.
 */
export async function replay(
  requests: readonly LoggedRequest[],
  options: ReplayOptions,
): Promise<{ summary: TrafficSummary; recorded: TrafficSummary; differing: number }> {
  const dispatcher = new Agent({ connections: 64 });
  const answers: { status: number; ms: number }[] = [];
  let differing = 0;
  const start = performance.now();
  const first = requests[0]?.time ?? 0;
  try {
    await Promise.all(
      requests.map(async (logged) => {
        const due = (logged.time - first) / options.speed - (performance.now() - start);
        if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
        const answer = await timedRequest(
          dispatcher,
          options.target,
          logged.url,
          options.headers,
          logged.method === 'HEAD' ? 'HEAD' : 'GET',
        );
        answers.push(answer);
        if (answer.status !== logged.status) differing += 1;
      }),
    );
  } finally {
    await dispatcher.close();
  }
  return {
    summary: summarise(answers),
    recorded: summarise(requests.map((r) => ({ status: r.status, ms: 0 }))),
    differing,
  };
}
