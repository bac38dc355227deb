import {
  DEFAULT_LODGING_API_KEY,
  LodgingPartner,
  lodgingPartnerRequestHandler,
} from '@waypost/dev-sources/lodging-partner';
import type { MountedStandIn } from '../commands/serve.command';
import { CityInputs } from '../geography/geography.loader';
import { createPrng, hashSeed } from '../pois/prng.util';
import { LODGING_SEED, generateLodgingPartner, mutateLodgings } from './lodging.generator';

export const LODGING_PARTNER_PREFIX = '/lodging-partner';
/** The demo partner's budget: a full pull of a thousand cities takes a couple of minutes. */
export const LODGING_REQUESTS_PER_SECOND = 20;

export interface LodgingMountOptions {
  readonly cities: number;
  readonly properties: number;
  /** Changes per round scale with it: 5x price changes, as many openings and closings. */
  readonly edits: number;
}

/** The lodging partner stand-in with generated properties, to serve under `/lodging-partner`. */
export function mountLodgingPartner(
  geography: CityInputs,
  options: LodgingMountOptions,
): MountedStandIn & { readonly partner: LodgingPartner } {
  const { data, cities } = generateLodgingPartner(geography, {
    cities: options.cities,
    properties: options.properties,
    seed: LODGING_SEED,
  });
  const partner = new LodgingPartner(data, { requestsPerSecond: LODGING_REQUESTS_PER_SECOND });
  const random = createPrng(hashSeed(LODGING_SEED, 'changes'));
  const total = cities.reduce((sum, c) => sum + c.propertyCount, 0);
  return {
    prefix: LODGING_PARTNER_PREFIX,
    handler: lodgingPartnerRequestHandler(partner),
    partner,
    describe: (base) => [
      `lodging partner with ${cities.length} cities and ${total} properties (X-Api-Key: ${DEFAULT_LODGING_API_KEY}, ${LODGING_REQUESTS_PER_SECOND} requests/s): ${base}/cities, ${base}/cities/${cities[0]?.city.id}/properties?page=1`,
    ],
    mutate: () => [
      mutateLodgings(partner, cities, random, {
        priceChanges: options.edits * 5,
        openings: options.edits,
        closings: options.edits,
      }),
    ],
  };
}
