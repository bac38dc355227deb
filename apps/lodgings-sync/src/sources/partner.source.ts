import { Kysely } from 'kysely';
import { Env, envInt, envString, envUrl } from '@waypost/shared/config';
import {
  MappedRecord,
  PartitionItem,
  SourcePage,
  SyncSource,
  WriteCounts,
  contentHash,
  defineSource,
  pullPartitions,
} from '@waypost/shared/sync';
import { LODGING_TYPES, LodgingType, LodgingsDatabase } from '@waypost/lodgings/schema';
import {
  LodgingWrite,
  PartnerCityRow,
  PartnerCityWrite,
} from '@waypost/lodgings/data-access/write';
import { LodgingsSourceDeps } from './source.deps';
import { PartnerClient } from './partner.client';
import { isPoint, mapPartnerCities } from './partner-city.mapper';
import { PartnerPropertyWire } from './partner.wire';

export const PARTNER_SOURCE = 'partner';

const DAY_MS = 86_400_000;

export interface PartnerSettings {
  /** The partner's base URL (the stand-in's: `dev-sources serve`'s `/lodging-partner`). */
  readonly url: string;
  readonly apiKey: string;
  /** How often a run looks for cities due (each city is due `pullsPerDay` times a day). */
  readonly everyMs: number;
  readonly pullsPerDay: number;
  /** Cities pulled at once. */
  readonly concurrency: number;
  /** Request starts per second, kept under the partner's per-key budget (the stand-in's: 20). */
  readonly requestsPerSecond: number;
  readonly timeoutMs: number;
  /** Retries of a 429 or 5xx answer before the city's pull fails. */
  readonly retries: number;
}

/** Reads the partner source's variables (`LODGINGS_PARTNER_*`). */
export function loadPartnerSettings(env: Env): PartnerSettings {
  return {
    url: envUrl(env, 'LODGINGS_PARTNER_URL', 'http://127.0.0.1:3900/lodging-partner', [
      'http:',
      'https:',
    ]),
    apiKey: envString(env, 'LODGINGS_PARTNER_API_KEY', 'dev-lodging-key'),
    everyMs: envInt(env, 'LODGINGS_PARTNER_EVERY_MS', 5 * 60_000, 1_000),
    pullsPerDay: envInt(env, 'LODGINGS_PARTNER_PULLS_PER_DAY', 4, 1, 288),
    concurrency: envInt(env, 'LODGINGS_PARTNER_CONCURRENCY', 4, 1, 64),
    requestsPerSecond: envInt(env, 'LODGINGS_PARTNER_REQUESTS_PER_SECOND', 16, 1, 1_000),
    timeoutMs: envInt(env, 'LODGINGS_PARTNER_TIMEOUT_MS', 10_000, 100, 600_000),
    retries: envInt(env, 'LODGINGS_PARTNER_RETRIES', 5, 0, 20),
  };
}

/** What a run pulls: the properties of due cities, each city's end, and unmatched cities to report. */
export type PartnerItem =
  | PartitionItem<PartnerPropertyWire>
  | { readonly kind: 'unmatchedCity'; readonly city: PartnerCityWrite };

/** What a run writes: lodgings, and each completely pulled city's deletes and watermark. */
export type PartnerRow =
  | { readonly kind: 'lodging'; readonly row: LodgingWrite }
  | {
      readonly kind: 'complete';
      readonly cityId: string;
      readonly seen: readonly string[];
      readonly at: Date;
    };

/**
 * The lodging partner, pulled city by city: each run maps the partner's cities to places (stored
 * in `lodgings.partner_cities`; a city matching none is dead-lettered as `city:<id>`), then pulls
 * the cities due, `concurrency` at once. A complete pull of a city deletes its lodgings the pull
 * did not see and moves the city's watermark; a failed one deletes nothing and stays due.
 */
export class PartnerSource implements SyncSource<PartnerItem, PartnerRow, LodgingsDatabase> {
  readonly name = PARTNER_SOURCE;
  readonly schedule: { everyMs: number };
  private cities = new Map<string, PartnerCityRow>();

  constructor(
    private readonly client: PartnerClient,
    private readonly deps: LodgingsSourceDeps,
    private readonly settings: Pick<PartnerSettings, 'everyMs' | 'pullsPerDay' | 'concurrency'>,
    private readonly now: () => number = Date.now,
  ) {
    this.schedule = { everyMs: settings.everyMs };
  }

  async *pull(): AsyncIterable<SourcePage<PartnerItem>> {
    const { db, cities: repository } = this.deps;
    const mapped = await mapPartnerCities(
      this.deps.gazetteer,
      this.name,
      await this.client.cities(),
    );
    await repository.saveMappings(db, mapped);
    const stored = await repository.list(db, this.name);
    this.cities = new Map(stored.map((c) => [c.cityId, c]));
    const unmatched = mapped.filter((c) => c.placeId === null);
    if (unmatched.length > 0) {
      yield {
        records: unmatched.map((city) => ({ kind: 'unmatchedCity', city })),
        watermark: null,
      };
    }
    const live = new Set(mapped.map((c) => c.cityId));
    yield* pullPartitions({
      partitions: dueCities(
        stored.filter((c) => live.has(c.cityId)),
        this.now(),
        DAY_MS / this.settings.pullsPerDay,
      ),
      concurrency: this.settings.concurrency,
      pull: (cityId) => this.client.properties(cityId),
      idOf: (p) => String(p.id),
      onFailure: (cityId, error) =>
        repository.markFailed(
          db,
          this.name,
          cityId,
          error instanceof Error ? error.message : String(error),
        ),
    });
  }

  async map(items: readonly PartnerItem[]): Promise<MappedRecord<PartnerRow>[]> {
    const properties = items.flatMap((i) => (i.kind === 'record' ? [i] : []));
    const placed = await this.place(properties);
    return items.map((item): MappedRecord<PartnerRow> => {
      if (item.kind === 'unmatchedCity') {
        return {
          outcome: 'invalid',
          sourceId: `city:${item.city.cityId}`,
          reason: 'partner city matches no place (name, country, coordinates)',
          payload: item.city,
        };
      }
      if (item.kind === 'complete') {
        return {
          outcome: 'upsert',
          sourceId: `city:${item.partition}:pull`,
          row: { kind: 'complete', cityId: item.partition, seen: item.seen, at: item.at },
        };
      }
      const p = item.record;
      const sourceId = String(p.id);
      const checked = checkProperty(p);
      if (typeof checked === 'string') {
        return { outcome: 'invalid', sourceId, reason: checked, payload: p };
      }
      const places = placed.get(p);
      if (!places) {
        return {
          outcome: 'invalid',
          sourceId,
          reason: 'no place: its city matches none and its point lies in none',
          payload: p,
        };
      }
      const row = {
        source: this.name,
        sourceId,
        partition: item.partition,
        ...checked,
        directPlaceIds: [places.direct],
        placeIds: places.all,
      };
      return {
        outcome: 'upsert',
        sourceId,
        row: {
          kind: 'lodging',
          row: { id: `${this.name}-${sourceId}`, ...row, contentHash: contentHash(row) },
        },
      };
    });
  }

  async write(
    trx: Kysely<LodgingsDatabase>,
    batch: { upserts: readonly PartnerRow[]; deletes: readonly string[] },
  ): Promise<WriteCounts> {
    const lodgings = batch.upserts.flatMap((u) => (u.kind === 'lodging' ? [u.row] : []));
    const counts = await this.deps.repository.upsert(trx, lodgings);
    let deleted = await this.deps.repository.delete(trx, this.name, batch.deletes);
    for (const u of batch.upserts) {
      if (u.kind !== 'complete') continue;
      deleted += await this.deps.repository.deleteUnseen(trx, this.name, u.cityId, u.seen);
      await this.deps.cities.markComplete(trx, this.name, u.cityId, u.at);
    }
    return { ...counts, deleted };
  }

  /**
   * Each property's place: its district's neighborhood in its city where we have one, else its
   * city, else (a city matching no place) the gazetteer's answer for its point.
   */
  private async place(
    items: readonly Extract<PartnerItem, { kind: 'record' }>[],
  ): Promise<Map<PartnerPropertyWire, { direct: string; all: string[] }>> {
    const placed = new Map<PartnerPropertyWire, { direct: string; all: string[] }>();
    const districts = items.flatMap((i) => (districtOf(i.record) ? [districtOf(i.record)!] : []));
    const neighborhoods = await this.deps.gazetteer.findByNames(districts, ['neighborhood']);
    const unplaced: PartnerPropertyWire[] = [];
    for (const { partition, record } of items) {
      const city = this.cities.get(partition);
      if (!city?.placeId) {
        if (isPoint(record.latitude, record.longitude)) unplaced.push(record);
        continue;
      }
      const district = districtOf(record);
      const neighborhood = district
        ? neighborhoods
            .get(district.toLowerCase())
            ?.find((n) => n.ancestorIds.includes(city.placeId!))
        : undefined;
      placed.set(
        record,
        neighborhood
          ? { direct: neighborhood.id, all: [...neighborhood.ancestorIds, neighborhood.id] }
          : { direct: city.placeId, all: [...city.placeIds] },
      );
    }
    const assignments = await this.deps.gazetteer.assign(
      unplaced.map((p) => ({ lat: p.latitude as number, lng: p.longitude as number })),
    );
    unplaced.forEach((p, i) => {
      const a = assignments[i];
      if (a) placed.set(p, { direct: a.placeId, all: [...a.placeIds] });
    });
    return placed;
  }
}

const districtOf = (p: PartnerPropertyWire): string | null =>
  typeof p.district?.name === 'string' && p.district.name.trim() !== ''
    ? p.district.name.trim()
    : null;

type CheckedProperty = Pick<
  LodgingWrite,
  | 'name'
  | 'type'
  | 'address'
  | 'district'
  | 'latitude'
  | 'longitude'
  | 'rating'
  | 'ratingCount'
  | 'price'
  | 'currency'
  | 'facilities'
  | 'images'
>;

const PRICE = /^\d{1,10}(\.\d{1,4})?$/;

/** The property's columns, or why it cannot be synced. */
export function checkProperty(p: PartnerPropertyWire): CheckedProperty | string {
  const problems: string[] = [];
  const name = typeof p.name === 'string' ? p.name.trim() : '';
  if (name === '') problems.push('no name');
  const type = typeof p.type === 'string' ? p.type.toLowerCase() : '';
  if (!LODGING_TYPES.includes(type as LodgingType)) problems.push(`unknown type ${String(p.type)}`);
  const price = p.lowestPricePerNight ?? null;
  if (
    price !== null &&
    (typeof price.value !== 'string' ||
      !PRICE.test(price.value) ||
      typeof price.currency !== 'string' ||
      !/^[A-Z]{3}$/.test(price.currency))
  ) {
    problems.push('a price that is not a number');
  }
  const overall = p.overallRating?.overall ?? null;
  if (
    overall !== null &&
    !(Number.isInteger(overall) && (overall as number) >= 0 && (overall as number) <= 100)
  ) {
    problems.push('a rating outside 0-100');
  }
  const located = isPoint(p.latitude, p.longitude);
  if (!located && (p.latitude != null || p.longitude != null)) problems.push('no valid point');
  if (problems.length > 0) return problems.join(', ');
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  const images = Array.isArray(p.images)
    ? p.images.flatMap((i: { prefix?: unknown; suffix?: unknown }) =>
        typeof i?.prefix === 'string'
          ? [`${i.prefix}${typeof i.suffix === 'string' ? i.suffix : ''}`]
          : [],
      )
    : [];
  const address = [p.address1, p.address2].filter(
    (a): a is string => typeof a === 'string' && a.trim() !== '',
  );
  const count = p.overallRating?.numberOfRatings;
  return {
    name,
    type: type as LodgingType,
    address: address.length > 0 ? address.join(', ') : null,
    district: districtOf(p),
    latitude: located ? (p.latitude as number) : null,
    longitude: located ? (p.longitude as number) : null,
    rating: overall as number | null,
    ratingCount: Number.isInteger(count) && (count as number) >= 0 ? (count as number) : 0,
    price: price ? (price.value as string) : null,
    currency: price ? (price.currency as string) : null,
    facilities: strings(p.facilities),
    images,
  };
}

/**
 * The cities to pull now: each is due once per period, at a phase of its own (a hash of its id),
 * so pulls spread over the period; never-pulled cities first, then the longest unpulled.
 */
export function dueCities(
  cities: readonly PartnerCityRow[],
  now: number,
  periodMs: number,
): string[] {
  return cities
    .filter((c) => {
      if (!c.lastCompletePullAt) return true;
      const phase = phaseOf(c.cityId, periodMs);
      const lastSlot = Math.floor((now - phase) / periodMs) * periodMs + phase;
      return c.lastCompletePullAt.getTime() < lastSlot;
    })
    .sort(
      (a, b) => (a.lastCompletePullAt?.getTime() ?? -1) - (b.lastCompletePullAt?.getTime() ?? -1),
    )
    .map((c) => c.cityId);
}

/** A stable offset in [0, periodMs) from the city id (FNV-1a). */
function phaseOf(cityId: string, periodMs: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < cityId.length; i++) {
    hash ^= cityId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % Math.floor(periodMs);
}

/** The partner source of lodgings-sync (`sources/index.ts`). */
export const partnerSource = defineSource({
  name: PARTNER_SOURCE,
  load: loadPartnerSettings,
  create: (settings, deps: LodgingsSourceDeps) =>
    new PartnerSource(new PartnerClient(settings), deps, settings),
});
