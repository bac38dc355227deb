import { CmsWriter } from '@waypost/dev-sources/cms';
import { GooglePlacesHandler } from '@waypost/dev-sources/google-places';
import type { MountedStandIn } from '../commands/serve.command';
import { googlePlaceFromCms } from './google-places.generator';

export const GOOGLE_PLACES_PREFIX = '/google-places';
/** The demo key `X-Goog-Api-Key` must carry. */
export const DEFAULT_GOOGLE_API_KEY = 'AIzaWaypostDevSourcesKey000000000000000';
/** Place Details quotas of the demo project: Google's default per minute, a small daily budget. */
export const GOOGLE_PER_MINUTE = 600;
export const GOOGLE_PER_DAY = 10_000;

export interface GooglePlacesMountOptions {
  /** The stand-in CMS whose Google place ids the stand-in knows. */
  readonly cmsDatabaseUrl: string;
  readonly perMinute?: number;
  readonly perDay?: number;
  /** The quotas' clock (tests). */
  readonly now?: () => number;
}

/**
 * The Places API stand-in under `/google-places`: it knows every Google place id of the stand-in
 * CMS (soft-deleted points of interest included), looked up when asked for, so any CMS size costs
 * no memory and ids added by `mutate` are known at once.
 */
export function mountGooglePlaces(
  options: GooglePlacesMountOptions,
): MountedStandIn & { readonly places: GooglePlacesHandler; close(): Promise<void> } {
  let cms: CmsWriter | null = null;
  const places = new GooglePlacesHandler({
    apiKeys: [DEFAULT_GOOGLE_API_KEY],
    perMinute: options.perMinute ?? GOOGLE_PER_MINUTE,
    perDay: options.perDay ?? GOOGLE_PER_DAY,
    now: options.now,
    lookup: async (id) => {
      cms ??= new CmsWriter(options.cmsDatabaseUrl);
      const row = await cms.findByGooglePlaceId(id);
      return row ? googlePlaceFromCms({ ...row, googlePlaceId: id }) : undefined;
    },
  });
  return {
    prefix: GOOGLE_PLACES_PREFIX,
    handler: places.handle,
    places,
    describe: (base) => [
      `Google Places stand-in over the CMS's google_place_id (X-Goog-Api-Key: ${DEFAULT_GOOGLE_API_KEY}, ${options.perMinute ?? GOOGLE_PER_MINUTE}/min, ${options.perDay ?? GOOGLE_PER_DAY}/day): ${base}/v1/places/<id> with X-Goog-FieldMask`,
    ],
    mutate: () => [],
    close: async () => {
      await cms?.close();
      cms = null;
    },
  };
}
