import { Kysely } from 'kysely';
import { Env, envInt, envUrl } from '@waypost/shared/config';
import {
  MappedRecord,
  SourcePage,
  SyncSource,
  WriteCounts,
  contentHash,
  defineSource,
} from '@waypost/shared/sync';
import { ToursDatabase } from '@waypost/tours/schema';
import { TourWrite } from '@waypost/tours/data-access/write';
import { ToursSourceDeps } from './source.deps';
import { ViatorClient, ViatorRecord, ViatorWatermark } from './viator.client';

export const VIATOR_SOURCE = 'viator';

export interface ViatorSettings {
  /** The source's base URL. */
  readonly url: string;
  readonly pageSize: number;
  readonly everyMs: number;
  readonly timeoutMs: number;
}

/** Reads the viator source's variables (`TOURS_VIATOR_*`). */
export function loadViatorSettings(env: Env): ViatorSettings {
  return {
    url: envUrl(env, 'TOURS_VIATOR_URL', 'http://127.0.0.1:3900/tours/viator', ['http:', 'https:']),
    pageSize: envInt(env, 'TOURS_VIATOR_PAGE_SIZE', 100, 1, 1_000),
    everyMs: envInt(env, 'TOURS_VIATOR_EVERY_MS', 5 * 60_000, 1_000),
    timeoutMs: envInt(env, 'TOURS_VIATOR_TIMEOUT_MS', 10_000, 100, 600_000),
  };
}

/**
 * The viator source: pulls changed records after the watermark (last committed change
 * time and id), validates them, indexes each by every place it visits, in order (the gazetteer's mention resolution),
 * and upserts; a tombstone deletes. A record that cannot be placed is dead-lettered, never dropped.
 */
export class ViatorSource implements SyncSource<ViatorRecord, TourWrite, ToursDatabase> {
  readonly name = VIATOR_SOURCE;
  readonly schedule: { everyMs: number };

  constructor(
    private readonly client: ViatorClient,
    private readonly deps: ToursSourceDeps,
    settings: Pick<ViatorSettings, 'everyMs'>,
  ) {
    this.schedule = { everyMs: settings.everyMs };
  }

  pull(watermark: unknown | null): AsyncIterable<SourcePage<ViatorRecord>> {
    return this.client.pages(watermark as ViatorWatermark | null);
  }

  async map(records: readonly ViatorRecord[]): Promise<MappedRecord<TourWrite>[]> {
    const checked = records.map((record) => ({ record, problem: problemWith(record) }));
    const live = checked
      .filter((c) => c.problem === null && !c.record.deleted)
      .map((c) => c.record);
    const places = await this.placesOf(live);
    return checked.map(({ record, problem }): MappedRecord<TourWrite> => {
      const sourceId = typeof record.id === 'string' && record.id !== '' ? record.id : null;
      if (problem !== null || sourceId === null) {
        return { outcome: 'invalid', sourceId, reason: problem ?? 'no id', payload: record };
      }
      if (record.deleted) return { outcome: 'delete', sourceId };
      const placed = places.get(record);
      if (!placed) {
        return {
          outcome: 'invalid',
          sourceId,
          reason: 'none of the places it names is known',
          payload: record,
        };
      }
      const row = {
        source: this.name,
        sourceId,
        name: record.name.trim(),
        description: record.description ?? null,
        url: record.url ?? null,
        latitude: record.latitude ?? null,
        longitude: record.longitude ?? null,
        directPlaceIds: placed.direct,
        placeIds: placed.all,
        sourceUpdatedAt: new Date(record.updatedAt),
      };
      return {
        outcome: 'upsert',
        sourceId,
        row: { id: `${this.name}-${sourceId}`, ...row, contentHash: contentHash(row) },
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

  /** Each record's places: the names it gives, resolved together (one query for the batch). */
  private async placesOf(records: readonly ViatorRecord[]): Promise<Map<ViatorRecord, Placed>> {
    const resolved = await this.deps.gazetteer.resolveMentions(
      records.map((r) => ({ names: r.places ?? [] })),
    );
    const placed = new Map<ViatorRecord, Placed>();
    records.forEach((record, i) => {
      const places = resolved[i] ?? [];
      if (places.length === 0) return;
      const all = new Set(places.flatMap((p) => [...p.ancestorIds, p.id]));
      placed.set(record, { direct: places.map((p) => p.id), all: [...all] });
    });
    return placed;
  }
}

interface Placed {
  /** The places themselves, in the order visited. */
  readonly direct: string[];
  /** They and all their ancestors. */
  readonly all: string[];
}

/** Why a record cannot be synced, or null. Tombstones need only an id and a time. */
function problemWith(r: ViatorRecord): string | null {
  if (typeof r.id !== 'string' || r.id === '') return 'no id';
  if (typeof r.updatedAt !== 'string' || Number.isNaN(Date.parse(r.updatedAt)))
    return 'no valid updatedAt';
  if (r.deleted) return null;
  if (typeof r.name !== 'string' || r.name.trim() === '') return 'no name';
  const inRange = (v: unknown, limit: number) => typeof v === 'number' && Math.abs(v) <= limit;
  if (r.latitude != null && (!inRange(r.latitude, 90) || !inRange(r.longitude, 180)))
    return 'invalid latitude and longitude';
  if (!Array.isArray(r.places) || !r.places.every((p) => typeof p === 'string'))
    return 'no list of place names';
  return null;
}

/** The viator source of tours-sync (`sources/index.ts`). */
export const viatorSource = defineSource({
  name: VIATOR_SOURCE,
  load: loadViatorSettings,
  create: (settings, deps: ToursSourceDeps) =>
    new ViatorSource(new ViatorClient(settings), deps, settings),
});
