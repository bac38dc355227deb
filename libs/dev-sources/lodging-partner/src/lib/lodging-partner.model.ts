import { FailureInjector, InjectOptions, RequestBudget } from '@waypost/dev-sources/http';
import { PartnerCity, PartnerPropertyRecord } from './lodging-partner.types';

export interface LodgingPartnerData {
  readonly cities: readonly PartnerCity[];
  /**
   * A city's properties before any change, by id; the same on every call. Only the last few
   * cities' are kept, so a generator can make them on demand and a bench-scale partner stays
   * small in memory.
   */
  readonly properties: (city: PartnerCity) => readonly PartnerPropertyRecord[];
}

export interface LodgingPartnerOptions {
  /** Keys accepted in `X-Api-Key` (default: `dev-lodging-key`). */
  readonly apiKeys?: readonly string[];
  /** Requests per second and key before 429 (default 10). */
  readonly requestsPerSecond?: number;
  /** Properties per page (default 50). */
  readonly pageSize?: number;
  /** The clock of the request budget, in milliseconds. */
  readonly now?: () => number;
}

/** Failures can be limited to one city's pulls. */
export interface PageFailureOptions extends InjectOptions {
  readonly cityId?: number;
}

/** One request the partner received. */
export interface PartnerRequest {
  readonly path: string;
  readonly cityId: number | null;
  readonly page: number | null;
  readonly status: number;
}

export interface PropertiesPage {
  readonly properties: readonly PartnerPropertyRecord[];
  readonly page: number;
  readonly pageSize: number;
  readonly totalPages: number;
  readonly totalResults: number;
}

export const DEFAULT_LODGING_API_KEY = 'dev-lodging-key';
/** The first id of properties opened after the start (generated ones stay below it). */
export const OPENED_PROPERTY_ID_START = 900_000_000;
const RECENT_CITIES = 64;

/**
 * The lodging partner's catalogue: its cities and, per city, the generated properties with the
 * changes made since (prices, edits, openings and closings) kept as an overlay; plus its request
 * budget, its request log and the failures injected for tests.
 */
export class LodgingPartner {
  readonly apiKeys: ReadonlySet<string>;
  readonly pageSize: number;
  readonly budget: RequestBudget;
  readonly failures = new FailureInjector();
  private readonly citiesById: Map<number, PartnerCity>;
  private readonly edits = new Map<number, Partial<PartnerPropertyRecord>>();
  private readonly closed = new Set<number>();
  private readonly opened = new Map<number, PartnerPropertyRecord[]>();
  private readonly log: PartnerRequest[] = [];
  private nextId = OPENED_PROPERTY_ID_START;
  // The generated base of recently pulled cities: a pull asks for every page of one city in turn.
  private readonly recent = new Map<
    number,
    {
      readonly base: readonly PartnerPropertyRecord[];
      readonly merged: readonly PartnerPropertyRecord[];
      readonly version: number;
    }
  >();
  // Bumped by every change: a city's merged list is reused only while it is current.
  private version = 0;

  constructor(
    private readonly data: LodgingPartnerData,
    options: LodgingPartnerOptions = {},
  ) {
    this.apiKeys = new Set(options.apiKeys ?? [DEFAULT_LODGING_API_KEY]);
    this.pageSize = options.pageSize ?? 50;
    this.budget = new RequestBudget(options.requestsPerSecond ?? 10, 1000, options.now);
    this.citiesById = new Map(data.cities.map((c) => [c.id, c]));
  }

  cities(): readonly PartnerCity[] {
    return this.data.cities;
  }

  city(id: number): PartnerCity | undefined {
    return this.citiesById.get(id);
  }

  /** A city's live properties by id, changes applied; undefined for an unknown city. */
  properties(cityId: number): readonly PartnerPropertyRecord[] | undefined {
    const city = this.citiesById.get(cityId);
    if (!city) return undefined;
    const cached = this.recent.get(cityId);
    if (cached?.version === this.version) return cached.merged;
    const base = cached?.base ?? this.data.properties(city);
    const merged = [...base, ...(this.opened.get(cityId) ?? [])]
      .filter((p) => !this.closed.has(p.id))
      .map((p) => {
        const edit = this.edits.get(p.id);
        return edit ? { ...p, ...edit } : p;
      })
      .sort((a, b) => a.id - b.id);
    this.recent.delete(cityId);
    this.recent.set(cityId, { base, merged, version: this.version });
    if (this.recent.size > RECENT_CITIES) this.recent.delete(this.recent.keys().next().value!);
    return merged;
  }

  property(cityId: number, id: number): PartnerPropertyRecord | undefined {
    return this.properties(cityId)?.find((p) => p.id === id);
  }

  /** One page of a city's properties; pages past the end are empty. */
  page(cityId: number, page: number): PropertiesPage | undefined {
    const all = this.properties(cityId);
    if (!all) return undefined;
    const start = (page - 1) * this.pageSize;
    return {
      properties: all.slice(start, start + this.pageSize),
      page,
      pageSize: this.pageSize,
      totalPages: Math.ceil(all.length / this.pageSize),
      totalResults: all.length,
    };
  }

  /** Changes a property's fields (a new price, a new rating). */
  editProperty(
    cityId: number,
    id: number,
    patch: Partial<Omit<PartnerPropertyRecord, 'id'>>,
  ): PartnerPropertyRecord {
    if (!this.property(cityId, id)) throw new Error(`city ${cityId} has no property ${id}`);
    this.edits.set(id, { ...this.edits.get(id), ...patch });
    this.version += 1;
    return this.property(cityId, id)!;
  }

  /** Sets the lowest price per night, in the property's currency. */
  setPrice(cityId: number, id: number, value: string): PartnerPropertyRecord {
    const current = this.property(cityId, id)?.lowestPricePerNight;
    return this.editProperty(cityId, id, {
      lowestPricePerNight: { value, currency: current?.currency ?? 'EUR' },
    });
  }

  /** The property stops appearing in its city's pulls. */
  closeProperty(cityId: number, id: number): void {
    if (!this.property(cityId, id)) throw new Error(`city ${cityId} has no property ${id}`);
    this.closed.add(id);
    this.version += 1;
  }

  /** A new property in the city, with the next free id. */
  openProperty(cityId: number, input: Omit<PartnerPropertyRecord, 'id'>): PartnerPropertyRecord {
    if (!this.citiesById.has(cityId)) throw new Error(`no city ${cityId}`);
    const property = { ...input, id: this.nextId++ };
    this.opened.set(cityId, [...(this.opened.get(cityId) ?? []), property]);
    this.version += 1;
    return property;
  }

  /** Answers page `page` of a city's properties (of any city by default) with an HTTP error. */
  failPage(page: number, status = 500, options: PageFailureOptions = {}): void {
    this.failures.add(pageKey(page, options.cityId), { kind: 'status', status }, options);
  }

  /** Answers page `page` only after `ms` milliseconds. */
  slowPage(page: number, ms: number, options: PageFailureOptions = {}): void {
    this.failures.add(pageKey(page, options.cityId), { kind: 'slow', ms }, options);
  }

  /** Never answers page `page`: the client has to time out. */
  hangPage(page: number, options: PageFailureOptions = {}): void {
    this.failures.add(pageKey(page, options.cityId), { kind: 'hang' }, options);
  }

  /** Runs `action` once, just before page `page` is computed (a change in mid-pull). */
  beforePage(page: number, action: () => void, options: PageFailureOptions = {}): void {
    this.failures.add(
      pageKey(page, options.cityId),
      { kind: 'action', action },
      { ...options, times: 1 },
    );
  }

  /** Answers `GET /cities` with an HTTP error. */
  failCities(status = 500, options: InjectOptions = {}): void {
    this.failures.add('cities', { kind: 'status', status }, options);
  }

  /** Every request received, oldest first, with the status it got (0 while unanswered). */
  requests(): readonly PartnerRequest[] {
    return this.log;
  }

  /** Records a request; the returned function sets the status it got. */
  record(path: string, cityId: number | null, page: number | null): (status: number) => void {
    const entry = { path, cityId, page, status: 0 };
    this.log.push(entry);
    return (status) => (entry.status = status);
  }
}

/** The failure keys of a page: every city's, and the one city's. */
export const pageKey = (page: number, cityId?: number) =>
  cityId === undefined ? `page:${page}` : `page:${page}:city:${cityId}`;
