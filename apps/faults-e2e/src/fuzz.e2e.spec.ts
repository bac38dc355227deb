import { FaultPlatform, startFaultPlatform } from './lib/platform';
import { fuzzGateway, routePrefixes } from './lib/fuzz';
import { parseRequestLog, replay } from './lib/traffic';

describe('fuzzing every route through the gateway, and replaying its request log', () => {
  let platform: FaultPlatform;

  beforeAll(async () => {
    platform = await startFaultPlatform({
      firstPartyRequestsPerWindow: 1_000_000,
      everyReadService: true,
      gatewayEnv: { LOG_LEVEL: 'info' },
    });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('answers 1,500 seeded random requests without a 5xx or a hang, every 4xx a JSON:API error document', async () => {
    const report = await fuzzGateway({
      gatewayUrl: platform.gatewayUrl,
      apiKey: platform.apiKey,
      prefixes: await routePrefixes(),
      requests: 1_500,
      seed: 20261204,
      // A hang is no answer at all; a machine busy with other suites can be slow.
      timeoutMs: 30_000,
    });

    expect(report.failures.slice(0, 10)).toEqual([]);
    // The requests reached the read services, not only the gateway's own refusals.
    expect(report.statuses[200]).toBeGreaterThan(100);
    expect(report.statuses[400]).toBeGreaterThan(200);
  });

  it("replays the gateway's own request log at 10x with the statuses it recorded", async () => {
    const logged = parseRequestLog(platform.apps.get('gateway')!.output.join(''));
    // The fuzzed requests' answers depend on their headers, which the log does not keep: replay
    // those sent with the key and only the default headers, which is what the log can reproduce.
    const requests = logged.filter((r) => r.status === 200).slice(0, 200);
    expect(requests.length).toBeGreaterThan(100);

    const { summary, differing } = await replay(requests, {
      target: platform.gatewayUrl,
      headers: { authorization: `Bearer ${platform.apiKey}` },
      speed: 10,
    });

    expect(summary.requests).toBe(requests.length);
    expect(differing).toBe(0);
    expect(summary.statuses).toEqual({ 200: requests.length });
  });
});
