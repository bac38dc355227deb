import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORK_DIR } from '../bench.config';
import { cpuSeconds } from './proc.stats';

/** What one wrk run measured (latencies in microseconds, wrk's own resolution). */
export interface WrkResult {
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  /** Socket errors and timeouts plus answers other than 2xx/3xx. */
  readonly errors: number;
  readonly latencyUs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  };
  /** Cores wrk itself kept busy: its share of the machine, taken from the contenders. */
  readonly loadGeneratorCores: number;
}

export interface WrkRun {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly connections: number;
  readonly seconds: number;
  /**
   * Pause of each connection between an answer and its next request: `connections` requests per
   * `delayMs` (minus latency) is the offered load. Without it, each connection sends back to back.
   */
  readonly delayMs?: number;
}

const RESULT_MARKER = 'WRK_RESULT ';

// wrk's Lua hooks: pacing for fixed-load runs, and the summary as one JSON line.
const REPORT_SCRIPT = `
local delay_ms = tonumber(os.getenv("WRK_DELAY_MS") or "0")
if delay_ms > 0 then
  function delay() return delay_ms end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '${RESULT_MARKER}{"requests":%d,"durationUs":%d,"errors":%d,"status":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`;

let scriptFile: string | undefined;

/** Runs wrk with one thread (the smallest footprint that can saturate these apps) and parses its report. */
export async function runWrk(run: WrkRun): Promise<WrkResult> {
  if (!scriptFile) {
    mkdirSync(WORK_DIR, { recursive: true });
    scriptFile = join(WORK_DIR, 'wrk-report.lua');
    writeFileSync(scriptFile, REPORT_SCRIPT);
  }
  const args = [
    '-t1',
    `-c${run.connections}`,
    `-d${run.seconds}s`,
    '--timeout',
    '10s',
    '-s',
    scriptFile,
  ];
  for (const [name, value] of Object.entries(run.headers ?? {}))
    args.push('-H', `${name}: ${value}`);
  args.push(run.url);
  const child = spawn('wrk', args, {
    env: { ...process.env, WRK_DELAY_MS: String(run.delayMs ?? 0) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  // wrk's CPU time can only be read while it runs: sample it until it exits.
  let cpu = 0;
  const sampler = setInterval(() => (cpu = cpuSeconds(child.pid!) || cpu), 200);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  const line = output.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}) on ${run.url}:\n${output}`);
  const report = JSON.parse(line.slice(RESULT_MARKER.length)) as {
    requests: number;
    durationUs: number;
    errors: number;
    status: number;
    p50: number;
    p90: number;
    p99: number;
    max: number;
  };
  const seconds = report.durationUs / 1e6;
  return {
    requests: report.requests,
    seconds,
    requestsPerSecond: report.requests / seconds,
    errors: report.errors + report.status,
    latencyUs: { p50: report.p50, p90: report.p90, p99: report.p99, max: report.max },
    loadGeneratorCores: cpu / seconds,
  };
}
