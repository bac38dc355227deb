import { CmsPointOfInterestRow, CmsWriter } from '@waypost/dev-sources/cms';
import { databaseName } from '@waypost/shared/db';
import { distanceMeters, offsetPoint } from '../geography/geo.util';
import { googlePlaceIdFor } from '../google/google-place-id.util';
import { POI_CATEGORIES, PoiCategory, PoiGenerator, poiAnchors } from '../pois/poi.generator';
import { createPrng, hashSeed, intBetween, pick } from '../pois/prng.util';

export interface MutateOptions {
  readonly databaseUrl: string;
  readonly changes: number;
  readonly inserts: number;
  readonly deletes: number;
  /** Fixes the random choices; null derives them from the data, so each run differs. */
  readonly seed: number | null;
}

export interface MutateResult {
  readonly seed: number;
  readonly placesChanged: number;
  readonly pointsOfInterestChanged: number;
  readonly inserted: number[];
  readonly deleted: number[];
}

/** Share of changes that touch a city rather than a point of interest. */
const PLACE_CHANGE_SHARE = 0.2;
const PICK_ATTEMPTS = 20;

const isCategory = (value: string | null): value is PoiCategory =>
  (POI_CATEGORIES as readonly (string | null)[]).includes(value);

/** Distinct live points of interest at random ids (deleted ids and gaps are skipped). */
async function pickLivePointsOfInterest(
  writer: CmsWriter,
  random: () => number,
  maxId: number,
  count: number,
): Promise<CmsPointOfInterestRow[]> {
  const picked = new Map<number, CmsPointOfInterestRow>();
  for (let attempt = 0; attempt < PICK_ATTEMPTS && picked.size < count && maxId > 0; attempt++) {
    const ids = Array.from({ length: 2 * (count - picked.size) }, () =>
      intBetween(random, 1, maxId),
    );
    for (const row of await writer.findPointsOfInterest(ids)) {
      if (picked.size < count) picked.set(row.id, row);
    }
  }
  return [...picked.values()];
}

/**
 * Small, deterministic-for-a-given-state changes to a seeded CMS (renames, moves,
 * recategorisations, population updates, new and soft-deleted points of interest), so that an
 * incremental sync has something to pick up.
 */
export async function runMutate(
  options: MutateOptions,
  out: (line: string) => void,
): Promise<MutateResult> {
  const writer = new CmsWriter(options.databaseUrl);
  try {
    const stats = await writer.stats();
    if (stats.places.city === 0) {
      throw new Error(`${databaseName(options.databaseUrl)} has no cities: run seed first`);
    }
    const seed =
      options.seed ??
      hashSeed(
        stats.maxIds.places,
        stats.maxIds.pointsOfInterest,
        stats.pointsOfInterest,
        stats.lastUpdatedAt?.toISOString() ?? '',
      );
    const random = createPrng(seed);
    const places = [
      ...(await writer.livePlaces('city')),
      ...(await writer.livePlaces('neighborhood')),
    ];
    const cities = places.filter((p) => p.kind === 'city');
    const placeNames = new Map(places.map((p) => [p.id, p.name]));
    const generator = new PoiGenerator(poiAnchors(places), seed);

    let placeChanges = 0;
    for (let i = 0; i < options.changes; i++) if (random() < PLACE_CHANGE_SHARE) placeChanges++;
    const pois = await pickLivePointsOfInterest(
      writer,
      random,
      stats.maxIds.pointsOfInterest,
      options.changes - placeChanges + options.deletes,
    );
    const toChange = pois.slice(0, options.changes - placeChanges);
    const toDelete = pois.slice(toChange.length);

    for (let i = 0; i < placeChanges; i++) {
      const city = pick(random, cities);
      const label = `place ${city.id} (${city.name})`;
      if (random() < 0.5 || city.latitude === null || city.longitude === null) {
        const population = Math.round((city.population ?? 1000) * (0.9 + random() * 0.2));
        await writer.updatePlace(city.id, { population });
        out(`${label} population ${city.population} -> ${population}`);
      } else {
        const from = { lat: city.latitude, lng: city.longitude };
        const to = offsetPoint(from, intBetween(random, 20, 200), random() * 2 * Math.PI);
        await writer.updatePlace(city.id, { latitude: to.lat, longitude: to.lng });
        out(`${label} moved ${Math.round(distanceMeters(from, to))} m`);
      }
    }

    for (const poi of toChange) {
      const category = isCategory(poi.category) ? poi.category : generator.category();
      const operation = pick(random, ['rename', 'move', 'recategorise'] as const);
      if (operation === 'move' && poi.latitude !== null && poi.longitude !== null) {
        const from = { lat: poi.latitude, lng: poi.longitude };
        const to = offsetPoint(from, intBetween(random, 20, 300), random() * 2 * Math.PI);
        await writer.updatePointOfInterest(poi.id, { latitude: to.lat, longitude: to.lng });
        out(`poi ${poi.id} moved ${Math.round(distanceMeters(from, to))} m`);
      } else if (operation === 'recategorise') {
        const others = POI_CATEGORIES.filter((c) => c !== category);
        const next = pick(random, others);
        await writer.updatePointOfInterest(poi.id, { category: next });
        out(`poi ${poi.id} recategorised ${poi.category} -> ${next}`);
      } else {
        const near = (poi.placeId !== null && placeNames.get(poi.placeId)) || 'Central';
        const name = generator.name(category, near);
        await writer.updatePointOfInterest(poi.id, { name });
        out(`poi ${poi.id} renamed ${JSON.stringify(poi.name)} -> ${JSON.stringify(name)}`);
      }
    }

    const inserted = await writer.insertPointsOfInterest(
      Array.from({ length: options.inserts }, (_, i) => ({
        ...generator.next(),
        googlePlaceId: googlePlaceIdFor(seed, stats.maxIds.pointsOfInterest + i),
      })),
    );
    if (inserted.length > 0) out(`inserted pois ${inserted[0]}..${inserted[inserted.length - 1]}`);
    for (const poi of toDelete) {
      await writer.softDeletePointOfInterest(poi.id);
      out(`poi ${poi.id} deleted`);
    }

    out(
      `mutated ${databaseName(options.databaseUrl)} (seed ${seed}): ${placeChanges} places and ` +
        `${toChange.length} points of interest changed, ${inserted.length} inserted, ` +
        `${toDelete.length} deleted`,
    );
    return {
      seed,
      placesChanged: placeChanges,
      pointsOfInterestChanged: toChange.length,
      inserted,
      deleted: toDelete.map((p) => p.id),
    };
  } finally {
    await writer.close();
  }
}
