import { Kysely } from 'kysely';
import { isValidLatLng } from '@waypost/shared/db';
import {
  MappedRecord,
  Schedule,
  SourcePage,
  SyncSource,
  WriteCounts,
  contentHash,
} from '@waypost/shared/sync';
import { PLACE_LEVELS, PlaceLevel, PlacesDatabase } from '@waypost/places/schema';
import { PlaceWrite, PlaceWriteRepository } from '@waypost/places/data-access/write';
import { CmsPaging, CmsPlaceRow, CmsReader } from './cms.reader';

export const CMS_PLACES_SOURCE = 'cms-places';
const PLACE_ID = /^[a-z0-9][a-z0-9-]*$/;

export interface CmsSourceOptions extends CmsPaging {
  readonly schedule: Schedule;
}

/** The place hierarchy from the CMS `places` table; soft deletes become deletions. */
export class CmsPlacesSource implements SyncSource<CmsPlaceRow, PlaceWrite, PlacesDatabase> {
  readonly name = CMS_PLACES_SOURCE;
  readonly schedule: Schedule;

  constructor(
    private readonly cms: CmsReader,
    private readonly places: PlaceWriteRepository,
    private readonly options: CmsSourceOptions,
  ) {
    this.schedule = options.schedule;
  }

  pull(watermark: unknown | null): AsyncIterable<SourcePage<CmsPlaceRow>> {
    return this.cms.changes<CmsPlaceRow>('places', watermark, this.options);
  }

  async map(records: readonly CmsPlaceRow[]): Promise<MappedRecord<PlaceWrite>[]> {
    return records.map((r) => mapCmsPlace(r));
  }

  async write(
    trx: Kysely<PlacesDatabase>,
    batch: { upserts: readonly PlaceWrite[]; deletes: readonly string[] },
  ): Promise<WriteCounts> {
    const orphans = await this.places.childrenOfSourceIds(trx, this.name, batch.deletes);
    const deleted = await this.places.delete(trx, this.name, batch.deletes);
    const { changedIds, ...counts } = await this.places.upsert(trx, batch.upserts);
    await this.places.refreshAncestors(trx, [...changedIds, ...orphans]);
    return { ...counts, deleted: deleted.length };
  }
}

/** Validates one CMS place row and maps it to a Waypost place (pure). */
export function mapCmsPlace(r: CmsPlaceRow): MappedRecord<PlaceWrite> {
  if (r.deletedAt) return { outcome: 'delete', sourceId: r.id };
  const invalid = (reason: string): MappedRecord<PlaceWrite> => ({
    outcome: 'invalid',
    sourceId: r.id,
    reason,
    payload: r,
  });
  if (!r.code || !PLACE_ID.test(r.code))
    return invalid(`code must match ${PLACE_ID}, got ${JSON.stringify(r.code)}`);
  if (!r.name?.trim()) return invalid('name is empty');
  if (!r.kind || !PLACE_LEVELS.includes(r.kind as PlaceLevel))
    return invalid(`unknown kind ${JSON.stringify(r.kind)}`);
  const point = { lat: Number(r.latitude), lng: Number(r.longitude) };
  if (r.latitude === null || r.longitude === null || !isValidLatLng(point)) {
    return invalid(`latitude/longitude out of range: ${r.latitude}, ${r.longitude}`);
  }
  if (r.kind !== 'world' && !r.parentCode) return invalid('a place below the world needs a parent');
  const boundaryType = (r.boundary as { type?: string } | null)?.type;
  if (r.boundary && boundaryType !== 'Polygon' && boundaryType !== 'MultiPolygon') {
    return invalid(
      `boundary must be a GeoJSON Polygon or MultiPolygon, got ${JSON.stringify(boundaryType)}`,
    );
  }
  const content = {
    id: r.code,
    level: r.kind as PlaceLevel,
    name: r.name.trim(),
    parentId: r.parentCode,
    countryCode: r.countryCode?.toUpperCase() ?? null,
    population: r.population === null ? null : Number(r.population),
    lat: point.lat,
    lng: point.lng,
    boundary: r.boundary ?? null,
  };
  return {
    outcome: 'upsert',
    sourceId: r.id,
    row: {
      ...content,
      source: CMS_PLACES_SOURCE,
      sourceId: r.id,
      contentHash: contentHash(content),
      sourceUpdatedAt: r.updatedAt,
    },
  };
}
