import { Kysely } from 'kysely';
import { PlaceLevel, PlacesDatabase } from '@waypost/places/schema';

/** What another dataset's API may show of a place it links to (places-api serves the rest). */
export interface PlaceCard {
  readonly id: string;
  readonly name: string;
  readonly level: PlaceLevel;
  readonly countryCode: string | null;
  readonly population: number | null;
}

/**
 * Place lookups for other datasets' read APIs, e.g. the places an article mentions for
 * `include=places`: read-only, one query per request, no geometry.
 */
export class PlaceDirectory {
  constructor(private readonly db: Kysely<PlacesDatabase>) {}

  /** The places with these ids, in no particular order; unknown ids are left out. */
  async findByIds(ids: readonly string[]): Promise<PlaceCard[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    return this.db
      .selectFrom('places.places')
      .select(['id', 'name', 'level', 'countryCode', 'population'])
      .where('id', '=', (eb) => eb.fn.any(eb.val(unique)))
      .execute();
  }
}
