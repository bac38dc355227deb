import {
  DEFAULT_GADVENTURES_API_KEY,
  GAdventuresCatalogue,
  gAdventuresRequestHandler,
} from '@waypost/dev-sources/gadventures';
import {
  DEFAULT_VIATOR_API_KEY,
  ViatorCatalogue,
  viatorRequestHandler,
} from '@waypost/dev-sources/viator';
import type { MountedStandIn } from '../commands/serve.command';
import { CityInputs } from '../geography/geography.loader';
import { createPrng, hashSeed } from '../pois/prng.util';
import { generateGAdventuresData, mutateGAdventures } from './gadventures.generator';
import { tourCities } from './tour-cities';
import { generateViatorData, mutateViator } from './viator.generator';

export const VIATOR_PREFIX = '/viator';
export const GADVENTURES_PREFIX = '/gadventures';
export const TOURS_SEED = 20_261_101;
/** Tours go to the largest cities and the tourist extras. */
export const TOUR_CITIES = 300;

export interface ToursMountOptions {
  readonly viatorProducts: number;
  readonly gadventuresDossiers: number;
  /** Changes per round scale with it. */
  readonly edits: number;
}

/** The Viator and G Adventures stand-ins over the same real cities, to serve under their prefixes. */
export function mountTours(
  geography: CityInputs,
  options: ToursMountOptions,
): [
  MountedStandIn & { readonly catalogue: ViatorCatalogue },
  MountedStandIn & { readonly catalogue: GAdventuresCatalogue },
] {
  const cities = tourCities(geography, TOUR_CITIES);
  const viatorData = generateViatorData(cities, {
    products: options.viatorProducts,
    seed: TOURS_SEED,
  });
  const viator = new ViatorCatalogue(viatorData);
  const viatorRandom = createPrng(hashSeed(TOURS_SEED, 'viator-changes'));
  const g = generateGAdventuresData(cities, {
    dossiers: options.gadventuresDossiers,
    seed: TOURS_SEED,
  });
  const gCatalogue = new GAdventuresCatalogue(g.records);
  const gRandom = createPrng(hashSeed(TOURS_SEED, 'g-changes'));
  return [
    {
      prefix: VIATOR_PREFIX,
      handler: viatorRequestHandler(viator),
      catalogue: viator,
      describe: (base) => [
        `Viator stand-in with ${options.viatorProducts} products and ${viatorData.destinations.length} destinations (exp-api-key: ${DEFAULT_VIATOR_API_KEY}, Accept: application/json;version=2.0): ${base}/products/modified-since?count=500, ${base}/destinations`,
      ],
      mutate: () => [
        mutateViator(viator, cities, viatorData.tree, viatorRandom, {
          edits: options.edits * 3,
          deactivations: options.edits,
          additions: options.edits,
        }),
      ],
    },
    {
      prefix: GADVENTURES_PREFIX,
      handler: gAdventuresRequestHandler(gCatalogue, { pathPrefix: GADVENTURES_PREFIX }),
      catalogue: gCatalogue,
      describe: (base) => [
        `G Adventures stand-in with ${options.gadventuresDossiers} tour dossiers (X-Application-Key: ${DEFAULT_GADVENTURES_API_KEY}): ${base}/tour_dossiers?order_by__asc=date_last_modified&max_per_page=100`,
      ],
      mutate: () => [
        mutateGAdventures(gCatalogue, cities, g.places, gRandom, {
          edits: options.edits,
          repricings: options.edits,
          removals: 1,
          additions: 1,
        }),
      ],
    },
  ];
}
