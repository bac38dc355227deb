import table from './thema-place-codes.json';

/** Thema place qualifier (scheme 94) → Waypost place id, through `thema-places.json`. */
export interface ThemaPlaceMatch {
  readonly code: string;
  readonly placeId: string;
}

const COUNTRIES: Readonly<Record<string, string>> = table.countries;
const REGIONS: Readonly<Record<string, { country: string; admin1: string }>> = table.regions;
const CONTINENTS: Readonly<Record<string, string>> = table.continents;

const countryId = (iso2: string) => `country-${iso2.toLowerCase()}`;

function exact(code: string): string | null {
  const region = REGIONS[code];
  if (region) return `region-${region.country.toLowerCase()}-${region.admin1.toLowerCase()}`;
  const country = COUNTRIES[code];
  return country ? countryId(country) : null;
}

/**
 * The place a Thema place qualifier stands for: the region or country of the table; else the
 * longest known prefix (`1DFG-DE-XX` is still Germany); else its continent; null for codes
 * outside the place qualifiers (`1Q…` oceans, `1Z…` imaginary places) and for malformed ones.
 */
export function themaPlaceId(code: string): string | null {
  const normalised = code.trim().toUpperCase();
  if (!/^1[A-Z0-9-]+$/.test(normalised)) return null;
  for (let end = normalised.length; end >= 2; end--) {
    const prefix = normalised.slice(0, end);
    const found = exact(prefix);
    if (found) return found;
    const continent = CONTINENTS[prefix];
    if (continent) return `continent-${continent.toLowerCase()}`;
  }
  return null;
}

/** How many countries the table covers (every ISO 3166-1 code). */
export const THEMA_COUNTRY_COUNT = Object.keys(COUNTRIES).length;
