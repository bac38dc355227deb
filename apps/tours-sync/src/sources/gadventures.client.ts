import { SourcePage } from '@waypost/shared/sync';
import type { GadventuresSettings } from './gadventures.source';
import {
  GDeparture,
  GDossier,
  GDossierStub,
  GadventuresRecord,
  GadventuresWatermark,
} from './gadventures.record';
import { RateLimitedHttp } from './rate-limited.http';

export type { GadventuresRecord, GadventuresWatermark } from './gadventures.record';

interface ListEnvelope<T> {
  readonly count?: number;
  readonly results?: readonly T[];
  readonly links?: readonly { readonly href: string; readonly rel: string }[];
}

/** Dossiers (and their departures) fetched at once. */
const FETCH_CONCURRENCY = 4;
/** Departures pages followed per dossier at most. */
const MAX_DEPARTURE_PAGES = 20;

const after = (s: GDossierStub, w: GadventuresWatermark | null) =>
  !w ||
  Date.parse(s.date_last_modified) > Date.parse(w.modifiedAt) ||
  (Date.parse(s.date_last_modified) === Date.parse(w.modifiedAt) && Number(s.id) > Number(w.id));

/**
 * The G Adventures API: `GET /tour_dossiers` by `date_last_modified` ascending from the
 * watermark, then each changed dossier and its departures. Every page is asked afresh from the
 * last dossier taken (`date_last_modified__gte`), not by offset, so a dossier modified during a
 * pull (moved to the end) cannot shift another past us; 429s wait `Retry-After`.
 */
export class GadventuresClient {
  private readonly http: RateLimitedHttp;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly settings: Pick<
      GadventuresSettings,
      'url' | 'apiKey' | 'pageSize' | 'timeoutMs' | 'maxRetries'
    >,
    sleep?: (ms: number) => Promise<void>,
  ) {
    this.http = new RateLimitedHttp({
      name: 'gadventures',
      timeoutMs: settings.timeoutMs,
      maxRetries: settings.maxRetries,
      sleep,
    });
    this.headers = { 'x-application-key': settings.apiKey, accept: 'application/json' };
  }

  async *pages(
    watermark: GadventuresWatermark | null,
  ): AsyncIterable<SourcePage<GadventuresRecord>> {
    let last = watermark;
    // Past a full page of dossiers modified at the same instant, the next page by number.
    let pageNumber = 1;
    for (;;) {
      const params = new URLSearchParams({
        order_by__asc: 'date_last_modified',
        max_per_page: String(this.settings.pageSize),
        page: String(pageNumber),
      });
      if (last) params.set('date_last_modified__gte', last.modifiedAt);
      const page = await this.http.getJson<ListEnvelope<GDossierStub>>(
        this.url(`/tour_dossiers?${params}`),
        this.headers,
        true,
      );
      const stubs = page?.results ?? [];
      const hasNext = (page?.links ?? []).some((l) => l.rel === 'next');
      const fresh = stubs.filter((s) => after(s, last));
      if (fresh.length === 0) {
        if (!hasNext) return;
        pageNumber += 1;
        continue;
      }
      const records = await this.fetchAll(fresh);
      const end = fresh.at(-1)!;
      last = { modifiedAt: end.date_last_modified, id: String(end.id) };
      yield { records, watermark: last };
      if (!hasNext) return;
      pageNumber = 1;
    }
  }

  /** Every dossier id the API lists now (reconciliation), by id. */
  async allIds(): Promise<string[]> {
    const ids: string[] = [];
    let url: string | null = this.url(
      `/tour_dossiers?${new URLSearchParams({ order_by__asc: 'id', max_per_page: '100' })}`,
    );
    while (url) {
      const page: ListEnvelope<GDossierStub> | null = await this.http.getJson(url, this.headers);
      for (const s of page?.results ?? []) ids.push(String(s.id));
      url = (page?.links ?? []).find((l) => l.rel === 'next')?.href ?? null;
    }
    return ids;
  }

  /** The dossiers of `stubs` with their departures, in order; a dossier gone meanwhile is null. */
  async fetchAll(stubs: readonly GDossierStub[]): Promise<GadventuresRecord[]> {
    const records: GadventuresRecord[] = new Array(stubs.length);
    let next = 0;
    const worker = async () => {
      while (next < stubs.length) {
        const i = next++;
        records[i] = await this.fetchOne(stubs[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, stubs.length) }, worker));
    return records;
  }

  private async fetchOne(stub: GDossierStub): Promise<GadventuresRecord> {
    const id = String(stub.id);
    const dossier = await this.http.getJson<GDossier>(
      this.url(`/tour_dossiers/${encodeURIComponent(id)}`),
      this.headers,
      true,
    );
    const departures: GDeparture[] = [];
    let url: string | null = dossier
      ? this.url(`/tour_dossiers/${encodeURIComponent(id)}/departures?max_per_page=100`)
      : null;
    for (let n = 0; url && n < MAX_DEPARTURE_PAGES; n++) {
      const page: ListEnvelope<GDeparture> | null = await this.http.getJson(
        url,
        this.headers,
        true,
      );
      departures.push(...(page?.results ?? []));
      url = (page?.links ?? []).find((l) => l.rel === 'next')?.href ?? null;
    }
    return { id, modifiedAt: stub.date_last_modified, dossier, departures };
  }

  private url(path: string): string {
    return `${this.settings.url.replace(/\/+$/, '')}${path}`;
  }
}
