import { BenchConfig } from '../bench.config';
import { ContenderName, EndpointResults, ReadResults } from './read.bench';
import { SerializationResults } from './serialization.bench';
import { SyncResults } from './sync.bench';

export interface MachineInfo {
  readonly cpus: number;
  readonly loadAverage: { readonly start: readonly number[]; readonly end: readonly number[] };
  readonly node: string;
  readonly postgres: string;
  readonly commit: string;
}

export interface BenchResults {
  readonly mode: BenchConfig['mode'];
  readonly startedAt: string;
  readonly seconds: number;
  readonly machine: MachineInfo;
  readonly settings: Omit<BenchConfig, 'startedAt' | 'mode'> & {
    readonly apiNodeFlags: readonly string[];
  };
  readonly sync: SyncResults;
  readonly read: Omit<ReadResults, 'plans'>;
  readonly serialization: SerializationResults;
  readonly targets: readonly TargetCheck[];
}

/** One target of issue #5, as a ratio or figure from this run. */
export interface TargetCheck {
  readonly target: string;
  readonly met: boolean;
  readonly detail: string;
}

const CONTENDERS: readonly ContenderName[] = ['baseline', 'places-api', 'nginx', 'gateway'];
const MB = 1024 * 1024;

const ratio = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && b > 0 ? a / b : undefined;
const fixed = (n: number | undefined, digits = 0) => (n === undefined ? '—' : n.toFixed(digits));
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

function maxRps(e: EndpointResults, c: ContenderName): number | undefined {
  return e.contenders[c]?.max.requestsPerSecond;
}

/** The targets of issue #5, checked on this run's ratios. */
export function checkTargets(read: Omit<ReadResults, 'plans'>, sync: SyncResults): TargetCheck[] {
  const per = (f: (e: EndpointResults) => number | undefined, digits: number) =>
    read.endpoints.map((e) => `${e.endpoint} ${fixed(f(e), digits)}`).join(', ');
  const all = (f: (e: EndpointResults) => number | undefined, ok: (v: number) => boolean) =>
    read.endpoints.every((e) => {
      const v = f(e);
      return v !== undefined && ok(v);
    });
  const apiVsBaseline = (e: EndpointResults) =>
    ratio(maxRps(e, 'places-api'), maxRps(e, 'baseline'));
  const gatewayVsDirect = (e: EndpointResults) =>
    ratio(maxRps(e, 'gateway'), maxRps(e, 'places-api'));
  const addedP50 = (e: EndpointResults) => {
    const g = e.contenders.gateway?.fixed.p50Ms;
    const d = e.contenders['places-api']?.fixed.p50Ms;
    return g !== undefined && d !== undefined ? g - d : undefined;
  };
  const copyRatio = ratio(sync.full.rowsPerSecond, sync.copy?.rowsPerSecond);
  const rss = read.peakRssBytes;
  return [
    {
      target: 'places-api ≥ 0.8× the baseline’s throughput on every endpoint',
      met: all(apiVsBaseline, (v) => v >= 0.8),
      detail: per(apiVsBaseline, 2),
    },
    {
      target: 'gateway (key + rate limit) ≥ 0.75× of direct throughput',
      met: all(gatewayVsDirect, (v) => v >= 0.75),
      detail: per(gatewayVsDirect, 2),
    },
    {
      target: 'gateway adds ≤ 1 ms at p50 (fixed load)',
      met: all(addedP50, (v) => v <= 1),
      detail: per(addedP50, 2) + ' ms',
    },
    {
      target: 'full sync ≥ 0.5× the raw COPY rate',
      met: copyRatio !== undefined && copyRatio >= 0.5,
      detail: copyRatio === undefined ? 'no COPY ceiling (psql missing)' : copyRatio.toFixed(2),
    },
    {
      target: 'each API app under 150 MB RSS under load',
      met: ['places-api', 'gateway'].every((app) => (rss[app] ?? Infinity) < 150 * MB),
      detail: ['places-api', 'gateway']
        .map((app) => `${app} ${fixed((rss[app] ?? 0) / MB)} MB`)
        .join(', '),
    },
  ];
}

function readTables(read: Omit<ReadResults, 'plans'>): string[] {
  const present = CONTENDERS.filter((c) => read.endpoints.some((e) => e.contenders[c]));
  const lines: string[] = [];
  const head = (title: string, widths: number) =>
    `${pad(title, 18)}${present.map((c) => lpad(c, widths)).join('')}`;

  lines.push(
    'Maximum throughput, req/s (ratio: places-api to baseline, proxies to places-api direct)',
  );
  lines.push(head('endpoint', 18));
  for (const e of read.endpoints) {
    const cells = present.map((c) => {
      const rps = maxRps(e, c);
      const against = c === 'baseline' ? undefined : c === 'places-api' ? 'baseline' : 'places-api';
      const r = against ? ratio(rps, maxRps(e, against)) : undefined;
      return lpad(`${fixed(rps)}${r === undefined ? '' : ` (${r.toFixed(2)})`}`, 18);
    });
    lines.push(`${pad(e.endpoint, 18)}${cells.join('')}`);
  }

  lines.push('');
  lines.push(
    'Latency at a fixed load, p50 / p99 ms (the load: half the slowest contender’s maximum)',
  );
  lines.push(`${head('endpoint', 18)}${lpad('offered/s', 12)}`);
  for (const e of read.endpoints) {
    const cells = present.map((c) => {
      const f = e.contenders[c]?.fixed;
      return lpad(f ? `${f.p50Ms.toFixed(2)} / ${f.p99Ms.toFixed(2)}` : '—', 18);
    });
    lines.push(
      `${pad(e.endpoint, 18)}${cells.join('')}${lpad(fixed(e.fixedLoadRequestsPerSecond), 12)}`,
    );
  }

  lines.push('');
  lines.push('CPU per request at maximum throughput, µs: the contender’s processes | PostgreSQL');
  lines.push(head('endpoint', 24));
  for (const e of read.endpoints) {
    const cells = present.map((c) => {
      const m = e.contenders[c]?.max;
      if (!m) return lpad('—', 24);
      const app = Object.values(m.appCpuUsPerRequest)
        .map((v) => v.toFixed(0))
        .join('+');
      return lpad(`${app} | ${m.postgresCpuUsPerRequest.toFixed(0)}`, 24);
    });
    lines.push(`${pad(e.endpoint, 18)}${cells.join('')}`);
  }
  const wrkCores = Math.max(
    ...read.endpoints.flatMap((e) =>
      present.map((c) => e.contenders[c]?.max.loadGeneratorCores ?? 0),
    ),
  );
  lines.push(
    `(nginx and gateway: proxy+places-api. wrk, 1 thread, used at most ${wrkCores.toFixed(2)} of the cores.)`,
  );
  lines.push('');
  lines.push(
    `Peak RSS: ${Object.entries(read.peakRssBytes)
      .map(([app, bytes]) => `${app} ${fixed(bytes / MB)} MB`)
      .join(', ')}`,
  );
  return lines;
}

function syncTable(sync: SyncResults): string[] {
  const copy = sync.copy?.rowsPerSecond;
  const row = (label: string, f: SyncResults['full'] | undefined, withRatio = false) =>
    f
      ? `${pad(label, 44)}${lpad(String(f.rows), 9)}${lpad(f.seconds.toFixed(1), 8)}${lpad(fixed(f.rowsPerSecond), 9)}${lpad(
          withRatio ? fixed(ratio(f.rowsPerSecond, copy), 2) : '',
          8,
        )}${lpad(f.syncCpuUsPerRow === undefined ? '' : `${fixed(f.syncCpuUsPerRow)} | ${fixed(f.postgresCpuUsPerRow)}`, 14)}`
      : `${pad(label, 44)}  skipped`;
  return [
    `Sync (seed ${sync.seedSeconds.toFixed(1)} s; CPU µs per row: places-sync | PostgreSQL)`,
    `${pad('', 44)}${lpad('rows', 9)}${lpad('s', 8)}${lpad('rows/s', 9)}${lpad('× COPY', 8)}${lpad('CPU/row', 14)}`,
    row('places (hierarchy, first sync)', sync.places),
    row('points of interest, first full sync', sync.full, true),
    row(
      `points of interest, incremental (${sync.incremental.changedRows} changed)`,
      sync.incremental,
      true,
    ),
    row('raw COPY, same rows, table and indexes', sync.copy, true),
    `places-sync peak RSS ${fixed(sync.placesSyncPeakRssBytes / MB)} MB`,
  ];
}

/** The run as the text tables `npm run bench` prints (and docs/benchmarks.md quotes). */
export function formatReport(results: BenchResults): string {
  const m = results.machine;
  const s = results.serialization;
  const lines = [
    `Waypost bench (${results.mode}), ${results.startedAt}, ${results.seconds.toFixed(0)} s; ` +
      `${m.cpus} cores, load average ${m.loadAverage.start.map((l) => l.toFixed(2)).join(' ')} at start, ` +
      `${m.loadAverage.end.map((l) => l.toFixed(2)).join(' ')} at end; node ${m.node}, ${m.postgres}, ${m.commit}`,
    `${results.settings.pointsOfInterest} points of interest; ${results.settings.connections} connections, ` +
      `${results.settings.maxSeconds} s per maximum and fixed-load run; apps run with ${results.settings.apiNodeFlags.join(' ')}`,
    '',
    ...readTables(results.read),
    ...results.read.skipped.map((s) => `skipped: ${s}`),
    '',
    ...syncTable(results.sync),
    '',
    `Serialization of a ${s.rows}-row page (${(s.bytes / 1024).toFixed(0)} KB): our JSON:API wrapper ` +
      `${s.wrapperUsPerPage.toFixed(0)} µs, by hand ${s.byHandUsPerPage.toFixed(0)} µs ` +
      `(${(s.wrapperUsPerPage / s.byHandUsPerPage).toFixed(1)}×); jsonapi-serializer alone ` +
      `${s.jsonapiSerializerUsPerPage.toFixed(0)} µs (${(s.jsonapiSerializerUsPerPage / s.byHandUsPerPage).toFixed(1)}×, fewer members)`,
    '',
    'Targets (ratios from this run):',
    ...results.targets.map((t) => `  ${t.met ? 'met   ' : 'MISSED'} ${t.target}: ${t.detail}`),
  ];
  return lines.join('\n');
}
