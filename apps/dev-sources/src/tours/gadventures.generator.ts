import {
  GAdventuresCatalogue,
  GCountryRef,
  GDeparture,
  GDossierRecord,
  GPlaceRef,
  gDossier,
  gPlace,
} from '@waypost/dev-sources/gadventures';
import { offsetPoint } from '../geography/geo.util';
import { createPrng, hashSeed, intBetween, pick } from '../pois/prng.util';
import { TourCity, route } from './tour-cities';

export interface GAdventuresGeneratorOptions {
  readonly dossiers: number;
  readonly seed: number;
}

const PLACE_ID_START = 7_000_000;
const DOSSIER_ID_START = 30_000;
const GENERATED_UNTIL = Date.UTC(2026, 0, 1);

/** G Adventures' own places for the tour cities: their ids, their centres (up to 1 km off ours). */
export function gPlaces(cities: readonly TourCity[], seed: number): Map<number, GPlaceRef> {
  const countries = new Map<string, GCountryRef>();
  return new Map(
    cities.map((c, i) => {
      const country =
        countries.get(c.countryCode) ??
        ({ id: c.countryCode, href: `/countries/${c.countryCode}`, name: c.countryName } as const);
      countries.set(c.countryCode, country);
      const random = createPrng(hashSeed(seed, 'g-place', c.geonamesId));
      const at = offsetPoint(
        { lat: c.latitude, lng: c.longitude },
        random() * 1000,
        random() * 2 * Math.PI,
      );
      const round = (v: number) => Math.round(v * 1e4) / 1e4;
      return [
        c.geonamesId,
        gPlace(PLACE_ID_START + i, c.name, [round(at.lat), round(at.lng)], country),
      ];
    }),
  );
}

const NAMES = [
  '{a} to {b} Explorer',
  'Best of {a} & {b}',
  '{a}, {b} & Beyond',
  'Classic {a} and {b}',
];

/** A new dossier (id given) over a route of real cities, drawn from `random`. */
export function draftDossier(
  id: number,
  cities: readonly TourCity[],
  places: ReadonlyMap<number, GPlaceRef>,
  random: () => number,
  stops?: readonly TourCity[],
): GDossierRecord {
  const visited = stops ?? route(pick(random, cities), cities, intBetween(random, 2, 5), random);
  const [first, last] = [visited[0]!, visited[visited.length - 1]!];
  const name =
    visited.length === 1
      ? `${first.name} Discovery`
      : visited.length === 3 && stops
        ? `${visited
            .map((c) => c.name)
            .join(', ')
            .replace(/, ([^,]*)$/, ' & $1')}`
        : pick(random, NAMES).replace('{a}', first.name).replace('{b}', last.name);
  const counts = new Map<string, number>();
  for (const c of visited) counts.set(c.countryCode, (counts.get(c.countryCode) ?? 0) + 1);
  const primary = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const route_ = visited.map((c) => places.get(c.geonamesId)!);
  const productLine = `${first.countryCode}${String.fromCharCode(65 + (id % 26))}${String.fromCharCode(65 + ((id >> 5) % 26))}`;
  return gDossier(
    id,
    name,
    productLine,
    route_,
    1,
    Math.round(visited.length * (250 + random() * 400)),
    route_.find((p) => p.country.id === primary)!.country,
    first.continentName,
  );
}

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** Dates over two years before the start: created, then last modified, the same for the same seed. */
function dated(record: GDossierRecord, created: number, modified: number): GDossierRecord {
  return {
    ...record,
    dossier: { ...record.dossier, date_created: iso(created), date_last_modified: iso(modified) },
    departures: record.departures.map((d) => ({ ...d, date_last_modified: iso(modified) })),
  };
}

/**
 * The catalogue's dossiers: multi-stop tours over real cities, borders crossed where the
 * nearest cities lie abroad; the first is Munich, Salzburg & Vienna when those are there.
 */
export function generateGAdventuresData(
  cities: readonly TourCity[],
  options: GAdventuresGeneratorOptions,
): { records: GDossierRecord[]; places: Map<number, GPlaceRef> } {
  const places = gPlaces(cities, options.seed);
  const byId = new Map(cities.map((c) => [c.geonamesId, c]));
  const curated = [2867714, 2766824, 2761369].map((id) => byId.get(id));
  const spacing = Math.floor((2 * 365 * 86_400_000) / Math.max(options.dossiers, 1));
  const records = Array.from({ length: options.dossiers }, (_, i) => {
    const random = createPrng(hashSeed(options.seed, 'g-dossier', i));
    const stops = i === 0 && curated.every(Boolean) ? (curated as TourCity[]) : undefined;
    const modified = GENERATED_UNTIL - intBetween(random, 1, options.dossiers) * spacing;
    const created = modified - intBetween(random, 0, 400) * 86_400_000;
    return dated(
      draftDossier(DOSSIER_ID_START + i, cities, places, random, stops),
      created,
      modified,
    );
  });
  return { records, places };
}

export interface GAdventuresChanges {
  readonly edits: number;
  readonly repricings: number;
  readonly removals: number;
  readonly additions: number;
}

/** One round: descriptions edited, departures repriced, dossiers withdrawn and added. */
export function mutateGAdventures(
  catalogue: GAdventuresCatalogue,
  cities: readonly TourCity[],
  places: ReadonlyMap<number, GPlaceRef>,
  random: () => number,
  changes: GAdventuresChanges,
): string {
  for (let i = 0; i < changes.edits; i++) {
    const { dossier } = pick(random, catalogue.dossiers());
    catalogue.update(dossier.id, {
      description: `${dossier.description.split(' Updated')[0]} Updated.`,
    });
  }
  for (let i = 0; i < changes.repricings; i++) {
    const { dossier, departures } = pick(random, catalogue.dossiers());
    const factor = 1 + (random() < 0.5 ? -1 : 1) * (0.05 + random() * 0.1);
    catalogue.setDepartures(
      dossier.id,
      departures.map((d): GDeparture => ({
        ...d,
        lowest_pp2a_prices: d.lowest_pp2a_prices.map((p) => ({
          ...p,
          amount: (Number(p.amount) * factor).toFixed(2),
        })),
      })),
    );
  }
  const removed: string[] = [];
  for (let i = 0; i < changes.removals; i++) {
    const all = catalogue.dossiers();
    if (all.length < 2) break;
    const { dossier } = pick(random, all);
    catalogue.remove(dossier.id);
    removed.push(dossier.id);
  }
  const added: string[] = [];
  for (let i = 0; i < changes.additions; i++) {
    const id = Math.max(DOSSIER_ID_START, catalogue.highestId()) + 1;
    added.push(catalogue.add(draftDossier(id, cities, places, random)).dossier.id);
  }
  return `gadventures: edited ${changes.edits}, repriced ${changes.repricings}, withdrew ${removed.join(', ') || 'none'}, added ${added.join(', ') || 'none'}`;
}
