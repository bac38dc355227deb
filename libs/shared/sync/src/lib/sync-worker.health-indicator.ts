import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/** Ready while the BullMQ worker is running and its Redis connection answers. */
@Injectable()
export class SyncWorkerHealthIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async check<const Key extends string>(
    key: Key,
    worker: { isRunning(): boolean; waitUntilReady(): Promise<void> } | undefined,
    timeoutMs = 1_000,
  ): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    if (!worker?.isRunning()) return indicator.down({ message: 'the sync worker is not running' });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        worker.waitUntilReady(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    } finally {
      clearTimeout(timer);
    }
  }
}
