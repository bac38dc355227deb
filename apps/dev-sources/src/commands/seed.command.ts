import {
  CMS_PLACE_KINDS,
  CmsPlaceKind,
  CmsStats,
  CmsWriter,
  createCmsSchema,
} from '@waypost/dev-sources/cms';
import { createDatabaseIfMissing, databaseName, dropDatabase } from '@waypost/shared/db';
import { GeographyInputs, buildGeography } from '../geography/geography.builder';
import { googlePlaceIdFor } from '../google/google-place-id.util';
import { PoiGenerator, poiAnchors } from '../pois/poi.generator';

export interface SeedOptions {
  readonly databaseUrl: string;
  readonly pois: number;
  readonly force: boolean;
}

export interface SeedDependencies {
  readonly loadGeography: () => GeographyInputs;
  readonly out: (line: string) => void;
}

export interface SeedResult {
  /** False when the database already had places and was left alone. */
  readonly seeded: boolean;
  readonly stats: CmsStats;
  readonly seconds: number;
}

/** Every seed generates the same points of interest: same count, same rows. */
export const POI_SEED = 20_260_101;
const POI_BATCH = 10_000;
const PROGRESS_EVERY = 100_000;

const PLURALS: Readonly<Record<CmsPlaceKind, string>> = {
  world: 'worlds',
  continent: 'continents',
  country: 'countries',
  region: 'regions',
  city: 'cities',
  neighborhood: 'neighborhoods',
};

/** "1 world, 7 continents, ...; N points of interest". */
export function describeCounts(stats: CmsStats): string {
  const places = CMS_PLACE_KINDS.map((kind) => {
    const n = stats.places[kind];
    return `${n} ${n === 1 ? kind : PLURALS[kind]}`;
  }).join(', ');
  return `${places}; ${stats.pointsOfInterest} points of interest`;
}

/**
 * Creates the CMS database and schema if missing and, when it has no places yet (or `force`
 * recreated it), fills it with real geography and generated points of interest.
 */
export async function runSeed(options: SeedOptions, deps: SeedDependencies): Promise<SeedResult> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const name = databaseName(options.databaseUrl);
  if (options.force) await dropDatabase(options.databaseUrl);
  await createDatabaseIfMissing(options.databaseUrl);
  await createCmsSchema(options.databaseUrl);

  const writer = new CmsWriter(options.databaseUrl);
  try {
    const before = await writer.stats();
    const placeCount = Object.values(before.places).reduce((a, b) => a + b, before.deleted.places);
    if (placeCount > 0) {
      // A CMS seeded before google_place_id existed gets the ids a fresh seed would give.
      const filled = await writer.backfillGooglePlaceIds((id) =>
        googlePlaceIdFor(POI_SEED, id - 1),
      );
      if (filled > 0) deps.out(`${filled} points of interest given their Google place id`);
      deps.out(`${name} already has ${placeCount} places: nothing to do (--force recreates it)`);
      return { seeded: false, stats: before, seconds: elapsed() };
    }

    const geography = buildGeography(deps.loadGeography());
    if (geography.unlocatedCountries.length > 0) {
      deps.out(`left out (no shape, no city): ${geography.unlocatedCountries.join(', ')}`);
    }
    const ids = await writer.insertPlaces(geography.places);
    deps.out(`${ids.size} places inserted (${elapsed().toFixed(1)} s)`);

    const idOf = (code: string | null) => (code === null ? null : (ids.get(code) ?? null));
    const anchors = poiAnchors(
      geography.places.map((p) => ({ ...p, id: idOf(p.code) ?? 0, parentId: idOf(p.parentCode) })),
    );
    const batches =
      options.pois > 0 ? new PoiGenerator(anchors, POI_SEED).batches(options.pois, POI_BATCH) : [];
    let inserted = 0;
    for (const batch of batches) {
      await writer.insertPointsOfInterest(
        batch.map((poi, i) => ({
          ...poi,
          googlePlaceId: googlePlaceIdFor(POI_SEED, inserted + i),
        })),
      );
      const reported = Math.floor(inserted / PROGRESS_EVERY);
      inserted += batch.length;
      if (Math.floor(inserted / PROGRESS_EVERY) > reported) {
        deps.out(`${inserted} points of interest inserted (${elapsed().toFixed(1)} s)`);
      }
    }

    const stats = await writer.stats();
    const seconds = elapsed();
    deps.out(`seeded ${name} in ${seconds.toFixed(1)} s: ${describeCounts(stats)}`);
    return { seeded: true, stats, seconds };
  } finally {
    await writer.close();
  }
}
