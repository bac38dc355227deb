import { Agent, Dispatcher, RetryAgent, request } from 'undici';
import type { PartnerSettings } from './partner.source';
import { PartnerCityWire, PartnerPropertyWire, PropertiesPageWire } from './partner.wire';

/**
 * The lodging partner over HTTP: `GET /cities` and `GET /cities/{id}/properties?page=N` with the
 * `X-Api-Key` header. Requests start at most `requestsPerSecond` a second (the partner's budget is
 * per second and key); 429 (honouring Retry-After) and 5xx are retried with backoff by undici's
 * RetryAgent; what still fails fails the city's pull.
 */
export class PartnerClient {
  private readonly dispatcher: Dispatcher;
  private readonly base: string;
  private readonly spacingMs: number;
  private nextStart = 0;

  constructor(
    private readonly settings: Pick<
      PartnerSettings,
      'url' | 'apiKey' | 'timeoutMs' | 'requestsPerSecond' | 'retries'
    >,
  ) {
    this.base = settings.url.replace(/\/+$/, '');
    this.spacingMs = 1000 / settings.requestsPerSecond;
    this.dispatcher = new RetryAgent(
      new Agent({ headersTimeout: settings.timeoutMs, bodyTimeout: settings.timeoutMs }),
      {
        maxRetries: settings.retries,
        minTimeout: 200,
        maxTimeout: 30_000,
        statusCodes: [429, 500, 502, 503, 504],
      },
    );
  }

  async cities(): Promise<readonly PartnerCityWire[]> {
    const body = (await this.get('/cities')) as { cities?: unknown };
    if (!Array.isArray(body?.cities)) throw new Error('partner: GET /cities: no cities array');
    return body.cities as PartnerCityWire[];
  }

  /**
   * Every page of a city's properties, in order. Paging is by offset, so a property closed or
   * opened mid-pull shifts the pages: a pull whose `totalResults` moved, or whose distinct ids do
   * not add up to it, throws, so the caller deletes nothing on its strength.
   */
  async *properties(cityId: string): AsyncIterable<readonly PartnerPropertyWire[]> {
    let total: number | null = null;
    const seen = new Set<string>();
    for (let page = 1; ; page++) {
      const path = `/cities/${encodeURIComponent(cityId)}/properties?page=${page}`;
      const body = (await this.get(path)) as PropertiesPageWire;
      if (!Array.isArray(body?.properties) || typeof body.pagination?.totalResults !== 'number') {
        throw new Error(`partner: GET ${path}: no properties array or pagination`);
      }
      if (total !== null && body.pagination.totalResults !== total) {
        throw new Error(
          `partner: city ${cityId} changed during the pull (${total} then ${body.pagination.totalResults} properties)`,
        );
      }
      total = body.pagination.totalResults;
      for (const p of body.properties) seen.add(String(p.id));
      if (body.properties.length > 0) yield body.properties;
      if (page >= body.pagination.totalPages || body.properties.length === 0) break;
    }
    if (seen.size !== total) {
      throw new Error(`partner: city ${cityId}: saw ${seen.size} of ${total} properties`);
    }
  }

  private async get(path: string): Promise<unknown> {
    await this.slot();
    const response = await request(`${this.base}${path}`, {
      dispatcher: this.dispatcher,
      headers: { accept: 'application/json', 'x-api-key': this.settings.apiKey },
    }).catch((error: { statusCode?: number; message?: string }) => {
      // undici's RequestRetryError says only "Request failed": name the last status.
      throw new Error(
        `partner: GET ${path} failed after retries: ${error.statusCode ?? error.message}`,
      );
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`partner: GET ${path} answered ${response.statusCode}`);
    }
    return response.body.json();
  }

  /** Waits for this request's start slot: starts are spaced evenly, under the partner's budget. */
  private async slot(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextStart);
    this.nextStart = at + this.spacingMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}
