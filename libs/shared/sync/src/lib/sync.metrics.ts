import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The sync metrics of architecture.md, registered once per registry. */
export class SyncMetrics {
  readonly inProgress: Gauge<'dataset' | 'source'>;
  readonly lastSuccess: Gauge<'dataset' | 'source'>;
  readonly lastReconciliation: Gauge<'dataset' | 'source'>;
  readonly records: Counter<'dataset' | 'source' | 'outcome'>;
  readonly runDuration: Histogram<'dataset' | 'source' | 'status'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.inProgress = new Gauge({
      name: 'sync_in_progress',
      help: '1 while a run of the source is in progress',
      labelNames: ['dataset', 'source'],
      registers,
    });
    this.lastSuccess = new Gauge({
      name: 'sync_last_success_timestamp_seconds',
      help: 'Unix time of the last successful run of the source',
      labelNames: ['dataset', 'source'],
      registers,
    });
    this.lastReconciliation = new Gauge({
      name: 'sync_last_reconciliation_timestamp_seconds',
      help: 'Unix time of the last successful reconciliation of the source with its full id list',
      labelNames: ['dataset', 'source'],
      registers,
    });
    this.records = new Counter({
      name: 'sync_records_total',
      help: 'Source records processed, by outcome',
      labelNames: ['dataset', 'source', 'outcome'],
      registers,
    });
    this.runDuration = new Histogram({
      name: 'sync_run_duration_seconds',
      help: 'Duration of sync runs',
      labelNames: ['dataset', 'source', 'status'],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers,
    });
  }
}
