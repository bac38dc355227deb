import { CMS_FIXTURE_PLACES } from '@waypost/dev-sources/cms';
import { PlaceWriteRepository } from '@waypost/places/data-access/write';
import { PlacesDatabase } from '@waypost/places/schema';
import { createDatabase } from '@waypost/shared/db';

/** Writes the CMS fixture's places into a Waypost database, as places-sync would. */
export async function seedFixturePlaces(url: string): Promise<void> {
  const db = createDatabase<PlacesDatabase>({ url, maxConnections: 1 });
  const places = new PlaceWriteRepository();
  try {
    await db.transaction().execute(async (trx) => {
      const { changedIds } = await places.upsert(
        trx,
        Object.values(CMS_FIXTURE_PLACES).map((p) => ({
          id: p.code,
          source: 'cms-places',
          sourceId: String(p.id),
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
