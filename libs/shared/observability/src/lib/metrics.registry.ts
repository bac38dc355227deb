import {
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Histogram,
  HistogramConfiguration,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';

/** The HTTP request histogram every app exposes; `route` is the route template or `unmatched`. */
export const HTTP_REQUEST_DURATION = {
  name: 'http_request_duration_seconds',
  help: 'Duration of HTTP requests in seconds, by route template, method and status.',
  labelNames: ['route', 'method', 'status'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
} as const;

/** A registry with the default process metrics, every series labelled with `service`. */
export function createMetricsRegistry(options: { service: string }): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** The counter of that name in the registry, registered on first use. */
export function registerCounter<T extends string>(
  registry: Registry,
  config: CounterConfiguration<T>,
): Counter<T> {
  return (
    existing(registry, config.name, Counter) ?? new Counter({ ...config, registers: [registry] })
  );
}

/** The gauge of that name in the registry, registered on first use. */
export function registerGauge<T extends string>(
  registry: Registry,
  config: GaugeConfiguration<T>,
): Gauge<T> {
  return existing(registry, config.name, Gauge) ?? new Gauge({ ...config, registers: [registry] });
}

/** The histogram of that name in the registry, registered on first use. */
export function registerHistogram<T extends string>(
  registry: Registry,
  config: HistogramConfiguration<T>,
): Histogram<T> {
  return (
    existing(registry, config.name, Histogram) ??
    new Histogram({ ...config, registers: [registry] })
  );
}

export function registerHttpRequestDuration(
  registry: Registry,
  extraLabelNames: readonly string[],
): Histogram {
  return registerHistogram(registry, {
    ...HTTP_REQUEST_DURATION,
    labelNames: [...HTTP_REQUEST_DURATION.labelNames, ...extraLabelNames],
    buckets: [...HTTP_REQUEST_DURATION.buckets],
  });
}

function existing<M>(
  registry: Registry,
  name: string,
  kind: abstract new (...args: never[]) => M,
): M | undefined {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return undefined;
  if (!(metric instanceof kind))
    throw new Error(`Metric ${name} is already registered as another type`);
  return metric;
}
