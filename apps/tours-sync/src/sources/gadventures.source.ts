import { Kysely } from 'kysely';
import { Env, envInt, envString, envUrl } from '@waypost/shared/config';
import { PlaceSummary } from '@waypost/places/gazetteer';
import {
  IdComparison,
  MappedRecord,
  SourcePage,
  SourceReconciliation,
  SyncSource,
  WriteCounts,
  defineSource,
} from '@waypost/shared/sync';
import { TourDeparture, ToursDatabase } from '@waypost/tours/schema';
import { TourWrite } from '@waypost/tours/data-access/write';
import { ToursSourceDeps } from './source.deps';
import { GadventuresClient, GadventuresRecord, GadventuresWatermark } from './gadventures.client';
import { GDossier, GPlace } from './gadventures.record';
import { PlaceQuery, matchPlaces } from './place.matcher';
import { TourContent, decimal, isIsoTime, nonEmpty, tourRow } from './tour.row';

export const GADVENTURES_SOURCE = 'gadventures';

export interface GadventuresSettings {
  /** The API's base URL (the stand-in: `http://127.0.0.1:3900/gadventures`). */
  readonly url: string;
  /** Sent as `X-Application-Key`. */
  readonly apiKey: string;
  /** Dossiers per list page (`max_per_page`, at most 100). */
  readonly pageSize: number;
  readonly everyMs: number;
  /** How often the stored dossier ids are reconciled with the API's (deleting vanished ones). */
  readonly reconcileEveryMs: number;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** The currency of the price and of the departures' prices (G prices each in several). */
  readonly currency: string;
}

/** Reads the gadventures source's variables (`TOURS_GADVENTURES_*`). */
export function loadGadventuresSettings(env: Env): GadventuresSettings {
  const currency = envString(env, 'TOURS_GADVENTURES_CURRENCY', 'EUR');
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new Error(`TOURS_GADVENTURES_CURRENCY must be an ISO 4217 code; got ${currency}`);
  }
  return {
    url: envUrl(env, 'TOURS_GADVENTURES_URL', 'http://127.0.0.1:3900/gadventures', [
      'http:',
      'https:',
    ]),
    apiKey: envString(env, 'TOURS_GADVENTURES_API_KEY', 'dev-gadventures-key'),
    pageSize: envInt(env, 'TOURS_GADVENTURES_PAGE_SIZE', 100, 1, 100),
    everyMs: envInt(env, 'TOURS_GADVENTURES_EVERY_MS', 5 * 60_000, 1_000),
    reconcileEveryMs: envInt(env, 'TOURS_GADVENTURES_RECONCILE_EVERY_MS', 60 * 60_000, 1_000),
    timeoutMs: envInt(env, 'TOURS_GADVENTURES_TIMEOUT_MS', 10_000, 100, 600_000),
    maxRetries: envInt(env, 'TOURS_GADVENTURES_MAX_RETRIES', 5, 0, 20),
    currency,
  };
}

/**
 * The gadventures source: dossiers by `date_last_modified` (the watermark: its time and id),
 * each with its departures; indexed at every place its structured itinerary visits, in order,
 * its start city kept apart; dossiers that vanish are found and deleted by reconciliation.
 */
export class GadventuresSource implements SyncSource<GadventuresRecord, TourWrite, ToursDatabase> {
  readonly name = GADVENTURES_SOURCE;
  readonly schedule: { everyMs: number };
  readonly reconciliation: SourceReconciliation<GadventuresRecord, ToursDatabase>;

  constructor(
    private readonly client: GadventuresClient,
    private readonly deps: ToursSourceDeps,
    private readonly settings: Pick<
      GadventuresSettings,
      'everyMs' | 'reconcileEveryMs' | 'currency'
    >,
  ) {
    this.schedule = { everyMs: settings.everyMs };
    this.reconciliation = {
      schedule: { everyMs: settings.reconcileEveryMs },
      storedIds: (db) => this.deps.repository.sourceIds(db, this.name),
      compare: (stored) => this.compare(stored),
      fetch: (ids) => this.fetch(ids),
    };
  }

  pull(watermark: unknown | null): AsyncIterable<SourcePage<GadventuresRecord>> {
    return this.client.pages(watermark as GadventuresWatermark | null);
  }

  async map(records: readonly GadventuresRecord[]): Promise<MappedRecord<TourWrite>[]> {
    const checked = records.map((record) => ({ record, problem: problemWith(record) }));
    const live = checked.filter((c) => c.problem === null && c.record.dossier).map((c) => c.record);
    const placed = await this.placesOf(live);
    return checked.map(({ record, problem }): MappedRecord<TourWrite> => {
      const sourceId = nonEmpty(record.id) ? record.id : null;
      if (sourceId === null)
        return { outcome: 'invalid', sourceId, reason: 'no id', payload: record };
      if (!record.dossier) return { outcome: 'delete', sourceId };
      if (problem !== null)
        return { outcome: 'invalid', sourceId, reason: problem, payload: record };
      const { visited, start } = placed.get(record)!;
      return {
        outcome: 'upsert',
        sourceId,
        row: tourRow(this.contentOf(record, record.dossier), visited, start),
      };
    });
  }

  async write(
    trx: Kysely<ToursDatabase>,
    batch: { upserts: readonly TourWrite[]; deletes: readonly string[] },
  ): Promise<WriteCounts> {
    const counts = await this.deps.repository.upsert(trx, batch.upserts);
    const deleted = await this.deps.repository.delete(trx, this.name, batch.deletes);
    return { ...counts, deleted };
  }

  /** Stored ids the list lacks are gone once their dossier answers 404 too. */
  private async compare(stored: readonly string[]): Promise<IdComparison> {
    const live = new Set(await this.client.allIds());
    const have = new Set(stored);
    const unlisted = stored.filter((id) => !live.has(id));
    const checked = await this.client.fetchAll(
      unlisted.map((id) => ({ id, date_last_modified: new Date(0).toISOString() })),
    );
    return {
      gone: checked.filter((r) => r.dossier === null).map((r) => r.id),
      missing: [...live].filter((id) => !have.has(id)),
    };
  }

  private async *fetch(ids: readonly string[]): AsyncIterable<readonly GadventuresRecord[]> {
    for (let i = 0; i < ids.length; i += 50) {
      const records = await this.client.fetchAll(
        ids.slice(i, i + 50).map((id) => ({ id, date_last_modified: new Date(0).toISOString() })),
      );
      // A dossier that vanished between the listing and now is simply not there to write.
      yield records.filter((r) => r.dossier !== null);
    }
  }

  /**
   * The places of each dossier's itinerary stops, in order, and of its start city: names
   * matched within their country (one batch for the countries, one for the stops), namesakes
   * settled by the stop's coordinates.
   */
  private async placesOf(
    records: readonly GadventuresRecord[],
  ): Promise<Map<GadventuresRecord, { visited: PlaceSummary[]; start: PlaceSummary | null }>> {
    const stopsOf = new Map(records.map((r) => [r, stops(r.dossier!)]));
    const startOf = new Map(records.map((r) => [r, r.dossier!.geography?.start_city ?? null]));
    const all = [...stopsOf.values()]
      .flat()
      .concat([...startOf.values()].flatMap((s) => (s ? [s] : [])));
    const countryNames = [
      ...new Set(all.flatMap((p) => (nonEmpty(p.country?.name) ? [p.country!.name] : []))),
    ];
    const countries = await matchPlaces(
      this.deps.gazetteer,
      countryNames.map((name) => ({ name, levels: ['country'] })),
    );
    const countryPlace = new Map(countryNames.map((n, i) => [n, countries[i]?.place.id ?? null]));
    const queryOf = (p: GPlace): PlaceQuery => {
      const country = p.country?.name ? countryPlace.get(p.country.name) : null;
      return {
        name: p.name,
        levels: ['city', 'neighborhood', 'region'],
        within: country ? [country] : [],
        centre:
          typeof p.latitude === 'number' && typeof p.longitude === 'number'
            ? { lat: p.latitude, lng: p.longitude }
            : null,
      };
    };
    const distinct = new Map(all.map((p) => [placeKey(p), p]));
    const keys = [...distinct.keys()];
    const matches = await matchPlaces(
      this.deps.gazetteer,
      keys.map((k) => queryOf(distinct.get(k)!)),
    );
    const byKey = new Map(keys.map((k, i) => [k, matches[i]?.place ?? null]));
    const unplaced = keys.filter((k) => byKey.get(k) === null).map((k) => distinct.get(k)!.name);
    if (unplaced.length > 0) {
      this.deps.logger.warn(
        { dataset: 'tours', source: this.name, unplaced },
        'gadventures itinerary places that map to no place of ours (left out of the tours visiting them)',
      );
    }
    return new Map(
      records.map((r) => {
        const visited = stopsOf.get(r)!.flatMap((p) => {
          const place = byKey.get(placeKey(p));
          return place ? [place] : [];
        });
        const start = startOf.get(r);
        return [r, { visited, start: (start && byKey.get(placeKey(start))) ?? visited[0] ?? null }];
      }),
    );
  }

  private contentOf(record: GadventuresRecord, d: GDossier): TourContent {
    const itinerary = d.structured_itineraries![0]!;
    const days = itinerary.duration ?? itinerary.days?.length ?? 0;
    const departures = departuresOf(record, this.settings.currency);
    const prices = departures.flatMap((dep) => (dep.price ? [Number(dep.price.amount)] : []));
    const images = [...(d.images ?? [])].sort(
      (a, b) => Number(b.type === 'BANNER') - Number(a.type === 'BANNER'),
    );
    const book = (d.site_links ?? []).find((l) => l.type === 'BOOK_NOW' && nonEmpty(l.href));
    return {
      source: GADVENTURES_SOURCE,
      sourceId: record.id,
      title: d.name!.trim(),
      description: nonEmpty(d.description) ? d.description : null,
      durationMinutes: days > 0 ? days * 24 * 60 : null,
      price:
        prices.length > 0
          ? { amount: decimal(Math.min(...prices))!, currency: this.settings.currency }
          : null,
      rating: { average: null, count: 0 },
      images: images.flatMap((i) =>
        nonEmpty(i.image_href)
          ? [{ url: i.image_href, width: null, height: null, caption: i.type ?? null }]
          : [],
      ),
      bookingUrl: book?.href ?? null,
      departures,
      sourceUpdatedAt: isIsoTime(d.date_last_modified) ? d.date_last_modified : record.modifiedAt,
    };
  }
}

const placeKey = (p: GPlace) => `${p.id}|${p.name}`;

/** The places an itinerary visits, in order, each once (every day's start and end). */
function stops(d: GDossier): GPlace[] {
  const days = d.structured_itineraries?.[0]?.days ?? [];
  const seen = new Map<string, GPlace>();
  for (const day of days) {
    for (const p of [day.start_location, day.end_location]) {
      if (p && nonEmpty(p.name) && !seen.has(placeKey(p))) seen.set(placeKey(p), p);
    }
  }
  return [...seen.values()];
}

/** Departures by start date, each priced in `currency` where G prices it so. */
function departuresOf(record: GadventuresRecord, currency: string): TourDeparture[] {
  return record.departures
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.start_date ?? ''))
    .map((d) => {
      const price = (d.lowest_pp2a_prices ?? []).find((p) => p.currency === currency);
      const amount = price ? decimal(price.amount) : null;
      return {
        startDate: d.start_date,
        finishDate: d.finish_date ?? null,
        price: amount !== null ? { amount, currency } : null,
        availability: d.availability?.status ?? null,
      };
    })
    .sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));
}

/** Why a dossier cannot be synced, or null. */
function problemWith(r: GadventuresRecord): string | null {
  const d = r.dossier;
  if (!d) return null;
  const problems: string[] = [];
  if (!nonEmpty(d.name)) problems.push('no name');
  if (!d.geography || typeof d.geography !== 'object') problems.push('no geography');
  if (!Array.isArray(d.structured_itineraries) || d.structured_itineraries.length === 0) {
    problems.push('no structured itinerary');
  }
  return problems.length > 0 ? problems.join(', ') : null;
}

/** The gadventures source of tours-sync (`sources/index.ts`). */
export const gadventuresSource = defineSource({
  name: GADVENTURES_SOURCE,
  load: loadGadventuresSettings,
  create: (settings, deps: ToursSourceDeps) =>
    new GadventuresSource(new GadventuresClient(settings), deps, settings),
});
