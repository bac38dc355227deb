import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '@waypost/shared/testing';
import { ScrapedPlatform, startScrapedPlatform } from './support/platform';
import { TestPrometheus, startPrometheus } from './support/prometheus';

// A real Prometheus (Debian's) scraping the running platform, every app a process: the request
// histograms per route template, sync_in_progress during and after a sync, an alert going pending
// when its cause is injected, and every dashboard panel's PromQL answering after traffic.
const DASHBOARDS = path.join(__dirname, '..', 'grafana', 'dashboards');
const ROUTE_TEMPLATES = {
  'places-api': ['/places', '/places/:id', '/places/:id/children', '/pointsOfInterest'],
  'articles-api': ['/articles', '/news'],
  gateway: ['/v1/places', '/v1/places/*', '/v1/pointsOfInterest', '/v1/articles', '/v1/news'],
};

interface Panel {
  title: string;
  targets: { expr: string }[];
}

/** A panel's query as Grafana would send it here: its variables replaced. */
function asSent(expr: string): string {
  return expr
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('$__range', '1h')
    .replaceAll('"$service"', '".+"');
}

describe('Prometheus scraping the running platform', () => {
  let platform: ScrapedPlatform;
  let prometheus: TestPrometheus;
  let startedAt: number;

  beforeAll(async () => {
    startedAt = Date.now() / 1000;
    platform = await startScrapedPlatform({
      articlesEveryMs: 1_000,
      wordpressTimeoutMs: 1_500,
      // The first listing of the guides site hangs until the sync gives up: a run in progress
      // long enough to be scraped, then runs that succeed.
      beforeArticlesSync: (wordpress) => wordpress.sites['guides']!.hangPage(1, { times: 1 }),
    });
    prometheus = await startPrometheus(
      Object.entries(platform.apps).map(([app, process]) => ({ app, url: process.url })),
    );
  }, 180_000);

  afterAll(async () => {
    await prometheus?.stop();
    await platform?.stop();
  });

  async function traffic(): Promise<void> {
    const firstParty = { authorization: `Bearer ${platform.keys.firstParty}` };
    const paths = [
      '/places?filter[level]=continent',
      '/places/city-2950159',
      '/places/country-fr/children',
      '/places/city-0',
      '/pointsOfInterest?page[size]=5',
      '/articles',
      '/news',
      '/places/country-fr/guide',
    ];
    for (const apiPath of paths) {
      const answer = await fetch(`${platform.apiUrl}${apiPath}`, { headers: firstParty });
      await answer.arrayBuffer();
    }
    // The trial plan's 60 requests a minute, and then some: 429s.
    const trial = { authorization: `Bearer ${platform.keys.trial}` };
    for (let i = 0; i < 65; i++) {
      await (await fetch(`${platform.apiUrl}/news`, { headers: trial })).arrayBuffer();
    }
  }

  it('records request histograms per route template for both APIs and the gateway', async () => {
    await traffic();
    for (const [service, routes] of Object.entries(ROUTE_TEMPLATES)) {
      let found: string[] = [];
      const seen = await waitFor(`${service}'s routes in Prometheus`, async () => {
        const series = await prometheus.query(
          `count by (route) (http_request_duration_seconds_count{service="${service}"})`,
        );
        found = series.map((s) => s.metric['route']);
        return routes.every((route) => found.includes(route)) ? found : undefined;
      }).catch((error: Error) => {
        throw new Error(`${service} routes seen: ${found.join(', ')}\n${error.message}`);
      });
      expect(seen).toEqual(expect.arrayContaining(routes));
      // Templates, never concrete URLs.
      expect(seen.filter((route) => /city-|country-|\?/.test(route))).toEqual([]);
    }
  }, 120_000);

  it('sees sync_in_progress at 1 during a sync and 0 after it', async () => {
    const values = await waitFor('a wp-guides run in progress, then ended', async () => {
      const [series] = await prometheus.queryRange(
        'max(sync_in_progress{source="wp-guides"})',
        startedAt,
        Date.now() / 1000,
      );
      const seen = (series?.values ?? []).map(([, value]) => Number(value));
      const lastBusy = seen.lastIndexOf(1);
      return lastBusy >= 0 && seen.slice(lastBusy).includes(0) ? seen : undefined;
    });
    expect(values).toContain(1);
    expect(values.slice(values.lastIndexOf(1))).toContain(0);
    const [success] = await prometheus.query(
      'dataset_source:sync_seconds_since_success{source="wp-guides"}',
    );
    expect(Number(success?.value?.[1])).toBeLessThan(60);
  }, 120_000);

  it('takes WaypostGatewayUpstreamErrors pending when places-api stops', async () => {
    await platform.apps['places-api']!.stop();
    const headers = { authorization: `Bearer ${platform.keys.firstParty}` };
    const alerts = await waitFor(
      'WaypostGatewayUpstreamErrors',
      async () => {
        const answer = await fetch(`${platform.apiUrl}/places/city-2950159`, { headers });
        expect(answer.status).toBe(502);
        await answer.arrayBuffer();
        const active = await prometheus.alerts();
        const names = active.map((alert) => `${alert.labels['alertname']} ${alert.state}`);
        return active.some(
          (alert) =>
            alert.labels['alertname'] === 'WaypostGatewayUpstreamErrors' &&
            alert.labels['upstream'] === 'places-api',
        )
          ? names
          : undefined;
      },
      { timeoutMs: 90_000 },
    );
    expect(alerts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^WaypostGatewayUpstreamErrors (pending|firing)$/),
      ]),
    );
    const upstreamErrors = (await prometheus.alerts()).filter(
      (alert) => alert.labels['alertname'] === 'WaypostGatewayUpstreamErrors',
    );
    // Not for an upstream that still answers.
    const upstreams = upstreamErrors.map((alert) => alert.labels['upstream']);
    expect(upstreams).toContain('places-api');
    expect(upstreams).not.toContain('articles-api');
  }, 120_000);

  it("answers every dashboard panel's PromQL with data after traffic", async () => {
    await traffic();
    const files = readdirSync(DASHBOARDS).filter((file) => file.endsWith('.json'));
    expect(files.sort()).toEqual([
      'waypost-gateway.json',
      'waypost-overview.json',
      'waypost-syncs.json',
    ]);
    const queries = files.flatMap((file) => {
      const dashboard = JSON.parse(readFileSync(path.join(DASHBOARDS, file), 'utf8')) as {
        panels: Panel[];
      };
      return dashboard.panels.flatMap((panel) =>
        panel.targets.map((target) => ({ panel: `${file}: ${panel.title}`, expr: target.expr })),
      );
    });
    expect(queries.length).toBeGreaterThan(15);
    const empty: string[] = [];
    for (const { panel, expr } of queries) {
      // A query that does not parse is an error here (the API answers 400).
      const series = await waitFor(
        panel,
        async () => {
          const result = await prometheus.query(asSent(expr));
          return result.length > 0 ? result : undefined;
        },
        { timeoutMs: 10_000 },
      ).catch(() => []);
      if (series.length === 0) empty.push(`${panel}: ${expr}`);
    }
    expect(empty).toEqual([]);
  }, 240_000);
});
