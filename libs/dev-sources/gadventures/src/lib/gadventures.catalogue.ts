import { FailureInjector, InjectOptions, RequestBudget } from '@waypost/dev-sources/http';
import { GDeparture, GDossierRecord, GTourDossier } from './gadventures.types';

export interface GAdventuresOptions {
  /** Keys accepted in `X-Application-Key` (default: `dev-gadventures-key`). */
  readonly apiKeys?: readonly string[];
  /** Requests per second and key before 429 (default 50). */
  readonly requestsPerSecond?: number;
  /** The clock that stamps changes and runs the request budget. */
  readonly now?: () => Date;
}

export const DEFAULT_GADVENTURES_API_KEY = 'dev-gadventures-key';
export const G_MAX_PER_PAGE = 100;
export const G_DEFAULT_PER_PAGE = 20;
export const G_SORT_FIELDS = ['id', 'date_created', 'date_last_modified'] as const;
export type GSortField = (typeof G_SORT_FIELDS)[number];

/** What `GET /tour_dossiers` asks for, parsed. */
export interface DossierListQuery {
  readonly page: number;
  readonly perPage: number;
  readonly orderBy: GSortField;
  readonly descending: boolean;
  readonly modifiedAfter: Date | null;
  readonly modifiedFrom: Date | null;
  readonly modifiedBefore: Date | null;
}

export type GRoute = 'tour_dossiers' | 'tour_dossier' | 'departures';

export interface GRequest {
  readonly route: GRoute | null;
  readonly path: string;
  readonly params: URLSearchParams;
  status: number;
}

const time = (iso: string) => Date.parse(iso);
const sortKey = (field: GSortField, d: GTourDossier): number =>
  field === 'id' ? Number(d.id) : time(d[field]);

/**
 * G Adventures' tour dossiers as the stand-in serves them: each with its departures; edits
 * (departures included) bump `date_last_modified`, dossiers are added and withdrawn (they
 * simply stop appearing); plus the request budget, a request log and failures for tests.
 */
export class GAdventuresCatalogue {
  readonly apiKeys: ReadonlySet<string>;
  readonly budget: RequestBudget;
  readonly failures = new FailureInjector();
  private readonly records = new Map<string, GDossierRecord>();
  private readonly log: GRequest[] = [];
  private readonly now: () => Date;
  private highest = 0;

  constructor(records: readonly GDossierRecord[], options: GAdventuresOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.apiKeys = new Set(options.apiKeys ?? [DEFAULT_GADVENTURES_API_KEY]);
    this.budget = new RequestBudget(options.requestsPerSecond ?? 50, 1000, () =>
      this.now().getTime(),
    );
    for (const r of records) this.records.set(r.dossier.id, r);
    this.highest = Math.max(0, ...records.map((r) => Number(r.dossier.id)));
  }

  /** The highest dossier id ever published, withdrawn ones included: new ids go above it. */
  highestId(): number {
    return this.highest;
  }

  /** Every live dossier, by id. */
  dossiers(): GDossierRecord[] {
    return [...this.records.values()].sort((a, b) => Number(a.dossier.id) - Number(b.dossier.id));
  }

  dossier(id: string): GDossierRecord | undefined {
    return this.records.get(id);
  }

  /** The dossiers a list request matches, sorted and filtered, and one page of them. */
  list(query: DossierListQuery): { results: GDossierRecord[]; count: number } {
    const after = query.modifiedAfter?.getTime();
    const from = query.modifiedFrom?.getTime();
    const before = query.modifiedBefore?.getTime();
    const matching = [...this.records.values()].filter(({ dossier }) => {
      const modified = time(dossier.date_last_modified);
      return (
        (after === undefined || modified > after) &&
        (from === undefined || modified >= from) &&
        (before === undefined || modified < before)
      );
    });
    const direction = query.descending ? -1 : 1;
    matching.sort((a, b) => {
      const [ka, kb] = [sortKey(query.orderBy, a.dossier), sortKey(query.orderBy, b.dossier)];
      return (ka - kb || Number(a.dossier.id) - Number(b.dossier.id)) * direction;
    });
    const start = (query.page - 1) * query.perPage;
    return { results: matching.slice(start, start + query.perPage), count: matching.length };
  }

  /** Publishes a new dossier, created and modified now. */
  add(record: GDossierRecord): GDossierRecord {
    if (this.records.has(record.dossier.id)) throw new Error(`dossier ${record.dossier.id} exists`);
    const now = this.stamp();
    const added = {
      ...record,
      dossier: { ...record.dossier, date_created: now, date_last_modified: now },
    };
    this.records.set(record.dossier.id, added);
    this.highest = Math.max(this.highest, Number(record.dossier.id));
    return added;
  }

  /** Edits a dossier's fields: its `date_last_modified` becomes now. */
  update(id: string, patch: Partial<Omit<GTourDossier, 'id' | 'href'>>): GDossierRecord {
    const current = this.require(id);
    const updated = {
      ...current,
      dossier: { ...current.dossier, ...patch, date_last_modified: this.stamp() },
    };
    this.records.set(id, updated);
    return updated;
  }

  /**
   * Replaces a dossier's departures (new dates, new prices). The stand-in also bumps the
   * dossier's `date_last_modified`, so a sync by modification date sees price changes.
   */
  setDepartures(id: string, departures: readonly GDeparture[]): GDossierRecord {
    const current = this.require(id);
    const now = this.stamp();
    const updated = {
      ...current,
      departures,
      dossier: { ...current.dossier, date_last_modified: now },
    };
    this.records.set(id, updated);
    return updated;
  }

  /** Withdraws a dossier: it stops appearing in lists and its URL answers 404. */
  remove(id: string): void {
    this.require(id);
    this.records.delete(id);
  }

  /** Answers page `page` of the dossier list with an HTTP error. */
  failPage(page: number, status = 500, options: InjectOptions = {}): void {
    this.failures.add(`list:${page}`, { kind: 'status', status }, options);
  }

  /** Answers page `page` of the dossier list after `ms` milliseconds. */
  slowPage(page: number, ms: number, options: InjectOptions = {}): void {
    this.failures.add(`list:${page}`, { kind: 'slow', ms }, options);
  }

  /** Never answers page `page` of the dossier list. */
  hangPage(page: number, options: InjectOptions = {}): void {
    this.failures.add(`list:${page}`, { kind: 'hang' }, options);
  }

  /** Runs `action` once, before page `page` of the dossier list is computed. */
  beforePage(page: number, action: () => void, options: Omit<InjectOptions, 'times'> = {}): void {
    this.failures.add(`list:${page}`, { kind: 'action', action }, { ...options, times: 1 });
  }

  /** Answers requests for one dossier (or any, without `id`) or its departures with an error. */
  failDossier(
    route: 'tour_dossier' | 'departures',
    status = 500,
    options: InjectOptions & { readonly id?: string } = {},
  ): void {
    this.failures.add(
      options.id ? `${route}:${options.id}` : route,
      { kind: 'status', status },
      options,
    );
  }

  requests(): readonly GRequest[] {
    return this.log;
  }

  record(route: GRoute | null, path: string, params: URLSearchParams): GRequest {
    const entry: GRequest = { route, path, params, status: 0 };
    this.log.push(entry);
    return entry;
  }

  private require(id: string): GDossierRecord {
    const record = this.records.get(id);
    if (!record) throw new Error(`no dossier ${id}`);
    return record;
  }

  private stamp(): string {
    return `${this.now().toISOString().slice(0, 19)}Z`;
  }
}
