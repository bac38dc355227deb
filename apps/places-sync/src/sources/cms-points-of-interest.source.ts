import { Kysely } from 'kysely';
import tzLookup from '@photostructure/tz-lookup';
import { isValidLatLng } from '@waypost/shared/db';
import {
  MappedRecord,
  Schedule,
  SourcePage,
  SyncSource,
  WriteCounts,
  contentHash,
} from '@waypost/shared/sync';
import { PlacesDatabase } from '@waypost/places/schema';
import { CityGrid, Gazetteer } from '@waypost/places/gazetteer';
import {
  EncodedPointsOfInterest,
  PointOfInterestWrite,
  PointOfInterestWriteRepository,
} from '@waypost/places/data-access/write';
import { CmsPointOfInterestRow, CmsReader } from './cms.reader';
import { CmsSourceOptions } from './cms-places.source';

export const CMS_POINTS_OF_INTEREST_SOURCE = 'cms-points-of-interest';

/**
 * Points without a place reference in a run before its nearest-city candidates come from an
 * in-memory grid of the cities (loading it, ~0.4 s, costs about what PostgreSQL's KNN costs for
 * 2,000 points); the assignments are the same either way.
 */
export const CITY_GRID_AFTER = 2_000;

type Validated = {
  row: CmsPointOfInterestRow;
  lat: number;
  lng: number;
  name: string;
  category: string;
};

/** Points of interest from the CMS, each assigned explicitly to its deepest place. */
export class CmsPointsOfInterestSource implements SyncSource<
  CmsPointOfInterestRow,
  PointOfInterestWrite,
  PlacesDatabase
> {
  readonly name = CMS_POINTS_OF_INTEREST_SOURCE;
  readonly schedule: Schedule;

  constructor(
    private readonly cms: CmsReader,
    private readonly gazetteer: Gazetteer,
    private readonly pointsOfInterest: PointOfInterestWriteRepository,
    private readonly options: CmsSourceOptions,
  ) {
    this.schedule = options.schedule;
  }

  /**
   * The cities' centroids for nearest-city assignment, loaded once per run once it has had
   * `CITY_GRID_AFTER` points without a place reference (a small incremental run never loads it).
   */
  private cities: Promise<CityGrid> | undefined;
  private unhinted = 0;

  pull(watermark: unknown | null): AsyncIterable<SourcePage<CmsPointOfInterestRow>> {
    this.cities = undefined;
    this.unhinted = 0;
    return this.cms.changes<CmsPointOfInterestRow>('pointsOfInterest', watermark, this.options);
  }

  async map(
    records: readonly CmsPointOfInterestRow[],
  ): Promise<MappedRecord<PointOfInterestWrite>[]> {
    const checked = records.map(validatePointOfInterest);
    const valid = checked.filter((c): c is Validated => 'row' in c);
    const requests = valid.map((v) => ({ hint: v.row.placeCode, lat: v.lat, lng: v.lng }));
    this.unhinted += requests.filter((r) => !r.hint).length;
    const assignments = await this.gazetteer.assign(requests, {
      cities: this.unhinted > CITY_GRID_AFTER ? await this.cityGrid() : undefined,
    });
    const assigned = new Map(valid.map((v, i) => [v.row, assignments[i] ?? null]));
    return checked.map((c) => {
      if (!('row' in c)) return c;
      const place = assigned.get(c.row);
      if (!place) {
        return {
          outcome: 'invalid',
          sourceId: c.row.id,
          reason: `no place found for ${c.lat},${c.lng} (no reference, polygon or city within reach)`,
          payload: c.row,
        };
      }
      const content = {
        id: `poi-${c.row.id}`,
        name: c.name,
        category: c.category,
        description: c.row.description,
        address: c.row.address,
        openingHours: c.row.openingHours,
        lat: c.lat,
        lng: c.lng,
        placeId: place.placeId,
        placeIds: place.placeIds,
        timeZone: timeZoneAt(c.lat, c.lng),
        googlePlaceId: c.row.googlePlaceId?.trim() || null,
      };
      return {
        outcome: 'upsert',
        sourceId: c.row.id,
        row: {
          ...content,
          source: this.name,
          sourceId: c.row.id,
          contentHash: contentHash(content),
          sourceUpdatedAt: c.row.updatedAt,
        },
      };
    });
  }

  private cityGrid(): Promise<CityGrid> {
    const cities = (this.cities ??= this.gazetteer.loadCityGrid());
    // A failed load is retried by the next page, not remembered for the rest of the run.
    cities.catch(() => {
      if (this.cities === cities) this.cities = undefined;
    });
    return cities;
  }

  /** Encodes the batch ahead, so the batch transaction (one at a time) only sends it. */
  prepare(upserts: readonly PointOfInterestWrite[]): EncodedPointsOfInterest {
    return this.pointsOfInterest.encode(upserts);
  }

  async write(
    trx: Kysely<PlacesDatabase>,
    batch: {
      upserts: readonly PointOfInterestWrite[];
      deletes: readonly string[];
      prepared?: unknown;
    },
  ): Promise<WriteCounts> {
    const deleted = await this.pointsOfInterest.delete(trx, this.name, batch.deletes);
    const counts = await this.pointsOfInterest.upsert(
      trx,
      batch.upserts,
      batch.prepared as EncodedPointsOfInterest | undefined,
    );
    return { ...counts, deleted };
  }
}

/** Validates one CMS row (pure): a delete, an invalid record, or the fields a POI needs. */
export function validatePointOfInterest(
  r: CmsPointOfInterestRow,
): Validated | Exclude<MappedRecord<PointOfInterestWrite>, { outcome: 'upsert' }> {
  if (r.deletedAt) return { outcome: 'delete', sourceId: r.id };
  const invalid = (reason: string) => ({
    outcome: 'invalid' as const,
    sourceId: r.id,
    reason,
    payload: r,
  });
  if (!r.name?.trim()) return invalid('name is empty');
  if (!r.category?.trim()) return invalid('category is empty');
  const lat = Number(r.latitude);
  const lng = Number(r.longitude);
  if (r.latitude === null || r.longitude === null || !isValidLatLng({ lat, lng })) {
    return invalid(`latitude/longitude out of range: ${r.latitude}, ${r.longitude}`);
  }
  return { row: r, lat, lng, name: r.name.trim(), category: r.category.trim().toLowerCase() };
}

/** The IANA time zone at a point (tz-lookup's polygons; `Etc/GMT±N` at sea), or null. */
export function timeZoneAt(lat: number, lng: number): string | null {
  try {
    return tzLookup(lat, lng);
  } catch {
    return null;
  }
}
