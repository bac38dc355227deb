import { FaultPlatform, startFaultPlatform } from './lib/platform';
import { fuzzGateway } from './lib/fuzz';

describe('fuzzing every route through the gateway', () => {
  let platform: FaultPlatform;

  beforeAll(async () => {
    platform = await startFaultPlatform({ firstPartyRequestsPerWindow: 1_000_000 });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('answers 1,500 seeded random requests without a 5xx or a hang, every 4xx a JSON:API error document', async () => {
    const report = await fuzzGateway({
      gatewayUrl: platform.gatewayUrl,
      apiKey: platform.apiKey,
      requests: 1_500,
      seed: 20261204,
    });

    expect(report.failures.slice(0, 10)).toEqual([]);
    // The requests reached the read services, not only the gateway's own refusals.
    expect(report.statuses[200]).toBeGreaterThan(200);
    expect(report.statuses[400]).toBeGreaterThan(200);
  });
});
