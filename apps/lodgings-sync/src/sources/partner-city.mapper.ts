import { Gazetteer, PlaceAssignment } from '@waypost/places/gazetteer';
import { PartnerCityWrite } from '@waypost/lodgings/data-access/write';
import { PartnerCityWire } from './partner.wire';

/** A mapped city: the place and its chain (world first), or none. */
type Mapping = Pick<PartnerCityWrite, 'placeId' | 'placeIds' | 'matchedBy'>;

const NO_MATCH: Mapping = { placeId: null, placeIds: [], matchedBy: 'none' };

/** The city an assignment lies in (itself, or a neighborhood's city), with its chain. */
function cityOf(assignment: PlaceAssignment | null): { id: string; chain: string[] } | null {
  if (!assignment) return null;
  const chain = [...assignment.placeIds];
  if (assignment.level === 'city') return { id: assignment.placeId, chain };
  if (assignment.level === 'neighborhood' && chain.length >= 2) {
    return { id: chain[chain.length - 2]!, chain: chain.slice(0, -1) };
  }
  return null;
}

/**
 * Maps the partner's cities to our cities: by name within the country, confirmed by the
 * coordinates (the gazetteer's city for the partner's centre); else by the name within the country
 * (its most populous bearer: the centre may fall in a city-level district); else by the
 * coordinates within the country, when the partner spells the name its own way (Lisboa, München).
 * Anything else matches nothing and is reported.
 */
export async function mapPartnerCities(
  gazetteer: Gazetteer,
  source: string,
  cities: readonly PartnerCityWire[],
): Promise<PartnerCityWrite[]> {
  const byName = await gazetteer.findByNames(
    cities.map((c) => c.name),
    ['city'],
  );
  const located = cities.map((c) => isPoint(c.latitude, c.longitude));
  const assignments = await gazetteer.assign(
    cities.flatMap((c, i) => (located[i] ? [{ lat: c.latitude!, lng: c.longitude! }] : [])),
  );
  let k = 0;
  return cities.map((city, i): PartnerCityWrite => {
    const country = city.countryCode ? `country-${city.countryCode.toLowerCase()}` : null;
    const inCountry = (chain: readonly string[]) => country !== null && chain.includes(country);
    const atPoint = located[i] ? cityOf(assignments[k++] ?? null) : null;
    const pointCity = atPoint && inCountry(atPoint.chain) ? atPoint : null;
    const named = (byName.get(city.name.trim().toLowerCase()) ?? []).filter((p) =>
      inCountry(p.ancestorIds),
    );
    let mapping = NO_MATCH;
    if (pointCity && named.some((p) => p.id === pointCity.id)) {
      mapping = { placeId: pointCity.id, placeIds: pointCity.chain, matchedBy: 'name+coordinates' };
    } else if (named[0]) {
      // The centre may lie in a city-level district (GeoNames has Mitte, Innere Stadt, ...): the
      // name wins over it, its most populous bearer in the country first.
      const best = named[0];
      mapping = { placeId: best.id, placeIds: [...best.ancestorIds, best.id], matchedBy: 'name' };
    } else if (pointCity) {
      mapping = { placeId: pointCity.id, placeIds: pointCity.chain, matchedBy: 'coordinates' };
    }
    return {
      source,
      cityId: String(city.id),
      name: city.name,
      country: city.country ?? null,
      countryCode: city.countryCode ?? null,
      latitude: located[i] ? city.latitude! : null,
      longitude: located[i] ? city.longitude! : null,
      ...mapping,
    };
  });
}

export function isPoint(lat: unknown, lng: unknown): boolean {
  return (
    typeof lat === 'number' &&
    typeof lng === 'number' &&
    Math.abs(lat) <= 90 &&
    Math.abs(lng) <= 180
  );
}
