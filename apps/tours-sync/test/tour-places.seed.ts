import { TOUR_FIXTURE_PLACES } from '@waypost/dev-sources/viator';
import { PlaceWriteRepository } from '@waypost/places/data-access/write';
import { PlacesDatabase } from '@waypost/places/schema';
import { seedFixturePlaces } from '@waypost/places/testing';
import { createDatabase } from '@waypost/shared/db';

/** The CMS fixture's places, then the tour fixtures' (Munich, Salzburg, Vienna, three Victorias). */
export async function seedTourPlaces(url: string): Promise<void> {
  await seedFixturePlaces(url);
  const db = createDatabase<PlacesDatabase>({ url, maxConnections: 1 });
  const places = new PlaceWriteRepository();
  try {
    await db.transaction().execute(async (trx) => {
      const { changedIds } = await places.upsert(
        trx,
        Object.values(TOUR_FIXTURE_PLACES).map((p, i) => ({
          id: p.code,
          source: 'cms-places',
          sourceId: String(900_000 + i),
          level: p.kind,
          name: p.name,
          parentId: p.parentCode,
          countryCode: p.countryCode,
          population: p.population,
          lat: p.latitude!,
          lng: p.longitude!,
          boundary: p.boundary,
          contentHash: p.code,
          sourceUpdatedAt: new Date(),
        })),
      );
      await places.refreshAncestors(trx, changedIds);
    });
  } finally {
    await db.destroy();
  }
}
