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
import { BooksDatabase } from '@waypost/books/schema';
import { BookWrite } from '@waypost/books/data-access/write';
import { BooksSourceDeps } from './source.deps';
import { OnixClient, OnixRecord, OnixWatermark } from './onix.client';

export const ONIX_SOURCE = 'onix';

export interface OnixSettings {
  /** The source's base URL. */
  readonly url: string;
  readonly pageSize: number;
  readonly everyMs: number;
  readonly timeoutMs: number;
}

/** Reads the onix source's variables (`BOOKS_ONIX_*`). */
export function loadOnixSettings(env: Env): OnixSettings {
  return {
    url: envUrl(env, 'BOOKS_ONIX_URL', 'http://127.0.0.1:3900/books/onix', ['http:', 'https:']),
    pageSize: envInt(env, 'BOOKS_ONIX_PAGE_SIZE', 100, 1, 1_000),
    everyMs: envInt(env, 'BOOKS_ONIX_EVERY_MS', 5 * 60_000, 1_000),
    timeoutMs: envInt(env, 'BOOKS_ONIX_TIMEOUT_MS', 10_000, 100, 600_000),
  };
}

/**
 * The onix source: pulls changed records after the watermark (last committed change
 * time and id), validates them, indexes each by the places it mentions (the gazetteer's mention resolution),
 * and upserts; a tombstone deletes. A record that cannot be placed is dead-lettered, never dropped.
 */
export class OnixSource implements SyncSource<OnixRecord, BookWrite, BooksDatabase> {
  readonly name = ONIX_SOURCE;
  readonly schedule: { everyMs: number };

  constructor(
    private readonly client: OnixClient,
    private readonly deps: BooksSourceDeps,
    settings: Pick<OnixSettings, 'everyMs'>,
  ) {
    this.schedule = { everyMs: settings.everyMs };
  }

  pull(watermark: unknown | null): AsyncIterable<SourcePage<OnixRecord>> {
    return this.client.pages(watermark as OnixWatermark | null);
  }

  async map(records: readonly OnixRecord[]): Promise<MappedRecord<BookWrite>[]> {
    const checked = records.map((record) => ({ record, problem: problemWith(record) }));
    const live = checked
      .filter((c) => c.problem === null && !c.record.deleted)
      .map((c) => c.record);
    const places = await this.placesOf(live);
    return checked.map(({ record, problem }): MappedRecord<BookWrite> => {
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
    trx: Kysely<BooksDatabase>,
    batch: { upserts: readonly BookWrite[]; deletes: readonly string[] },
  ): Promise<WriteCounts> {
    const counts = await this.deps.repository.upsert(trx, batch.upserts);
    const deleted = await this.deps.repository.delete(trx, this.name, batch.deletes);
    return { ...counts, deleted };
  }

  /** Each record's places: the names it gives, resolved together (one query for the batch). */
  private async placesOf(records: readonly OnixRecord[]): Promise<Map<OnixRecord, Placed>> {
    const resolved = await this.deps.gazetteer.resolveMentions(
      records.map((r) => ({ names: r.places ?? [] })),
    );
    const placed = new Map<OnixRecord, Placed>();
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
  /** The places themselves. */
  readonly direct: string[];
  /** They and all their ancestors. */
  readonly all: string[];
}

/** Why a record cannot be synced, or null. Tombstones need only an id and a time. */
function problemWith(r: OnixRecord): string | null {
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

/** The onix source of books-sync (`sources/index.ts`). */
export const onixSource = defineSource({
  name: ONIX_SOURCE,
  load: loadOnixSettings,
  create: (settings, deps: BooksSourceDeps) =>
    new OnixSource(new OnixClient(settings), deps, settings),
});
