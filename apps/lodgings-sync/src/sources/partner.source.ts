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
import { LodgingsDatabase } from '@waypost/lodgings/schema';
import { LodgingWrite } from '@waypost/lodgings/data-access/write';
import { LodgingsSourceDeps } from './source.deps';
import { PartnerClient, PartnerRecord, PartnerWatermark } from './partner.client';

export const PARTNER_SOURCE = 'partner';

export interface PartnerSettings {
  /** The source's base URL. */
  readonly url: string;
  readonly pageSize: number;
  readonly everyMs: number;
  readonly timeoutMs: number;
}

/** Reads the partner source's variables (`LODGINGS_PARTNER_*`). */
export function loadPartnerSettings(env: Env): PartnerSettings {
  return {
    url: envUrl(env, 'LODGINGS_PARTNER_URL', 'http://127.0.0.1:3900/lodgings/partner', [
      'http:',
      'https:',
    ]),
    pageSize: envInt(env, 'LODGINGS_PARTNER_PAGE_SIZE', 100, 1, 1_000),
    everyMs: envInt(env, 'LODGINGS_PARTNER_EVERY_MS', 5 * 60_000, 1_000),
    timeoutMs: envInt(env, 'LODGINGS_PARTNER_TIMEOUT_MS', 10_000, 100, 600_000),
  };
}

/**
 * The partner source: pulls changed records after the watermark (last committed change
 * time and id), validates them, indexes each by the place its point is in (the gazetteer's assignment),
 * and upserts; a tombstone deletes. A record that cannot be placed is dead-lettered, never dropped.
 */
export class PartnerSource implements SyncSource<PartnerRecord, LodgingWrite, LodgingsDatabase> {
  readonly name = PARTNER_SOURCE;
  readonly schedule: { everyMs: number };

  constructor(
    private readonly client: PartnerClient,
    private readonly deps: LodgingsSourceDeps,
    settings: Pick<PartnerSettings, 'everyMs'>,
  ) {
    this.schedule = { everyMs: settings.everyMs };
  }

  pull(watermark: unknown | null): AsyncIterable<SourcePage<PartnerRecord>> {
    return this.client.pages(watermark as PartnerWatermark | null);
  }

  async map(records: readonly PartnerRecord[]): Promise<MappedRecord<LodgingWrite>[]> {
    const checked = records.map((record) => ({ record, problem: problemWith(record) }));
    const live = checked
      .filter((c) => c.problem === null && !c.record.deleted)
      .map((c) => c.record);
    const places = await this.placesOf(live);
    return checked.map(({ record, problem }): MappedRecord<LodgingWrite> => {
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
          reason: 'no place within reach of its point',
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
    trx: Kysely<LodgingsDatabase>,
    batch: { upserts: readonly LodgingWrite[]; deletes: readonly string[] },
  ): Promise<WriteCounts> {
    const counts = await this.deps.repository.upsert(trx, batch.upserts);
    const deleted = await this.deps.repository.delete(trx, this.name, batch.deletes);
    return { ...counts, deleted };
  }

  /** Each record's place: the gazetteer's assignment of its point, in one batch. */
  private async placesOf(records: readonly PartnerRecord[]): Promise<Map<PartnerRecord, Placed>> {
    const assignments = await this.deps.gazetteer.assign(
      records.map((r) => ({ lat: r.latitude!, lng: r.longitude! })),
    );
    const placed = new Map<PartnerRecord, Placed>();
    records.forEach((record, i) => {
      const assignment = assignments[i];
      if (assignment)
        placed.set(record, { direct: [assignment.placeId], all: [...assignment.placeIds] });
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
function problemWith(r: PartnerRecord): string | null {
  if (typeof r.id !== 'string' || r.id === '') return 'no id';
  if (typeof r.updatedAt !== 'string' || Number.isNaN(Date.parse(r.updatedAt)))
    return 'no valid updatedAt';
  if (r.deleted) return null;
  if (typeof r.name !== 'string' || r.name.trim() === '') return 'no name';
  const inRange = (v: unknown, limit: number) => typeof v === 'number' && Math.abs(v) <= limit;
  if (!inRange(r.latitude, 90) || !inRange(r.longitude, 180))
    return 'no valid latitude and longitude';
  return null;
}

/** The partner source of lodgings-sync (`sources/index.ts`). */
export const partnerSource = defineSource({
  name: PARTNER_SOURCE,
  load: loadPartnerSettings,
  create: (settings, deps: LodgingsSourceDeps) =>
    new PartnerSource(new PartnerClient(settings), deps, settings),
});
