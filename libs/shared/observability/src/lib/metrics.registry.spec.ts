import { Counter } from 'prom-client';
import { createMetricsRegistry, registerCounter, registerGauge } from './metrics.registry';

describe('metrics registry', () => {
  it('labels default process metrics with the service', async () => {
    const registry = createMetricsRegistry({ service: 'unit' });
    expect(await registry.metrics()).toMatch(
      /^process_resident_memory_bytes\{service="unit"\} \d+/m,
    );
  });

  it('registers a metric once and hands the same one back', async () => {
    const registry = createMetricsRegistry({ service: 'unit' });
    const config = { name: 'sync_records_total', help: 'Records.', labelNames: ['outcome'] };
    const first = registerCounter(registry, config);
    const second = registerCounter(registry, config);
    first.inc({ outcome: 'inserted' });
    second.inc({ outcome: 'inserted' });

    expect(second).toBe(first);
    expect(first).toBeInstanceOf(Counter);
    expect(await registry.metrics()).toContain(
      'sync_records_total{outcome="inserted",service="unit"} 2',
    );
    expect(() => registerGauge(registry, config)).toThrow(/already registered as another type/);
  });
});
