import { createPrng, hashSeed } from '../pois/prng.util';

/** Share of generated points of interest that carry a Google Places id. */
export const GOOGLE_PLACE_ID_SHARE = 0.4;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The Google Places id of the `index`-th generated point of interest, or null for the ones
 * without: shaped like real ids (`ChIJ` and 23 base64url characters), the same for the same seed.
 */
export function googlePlaceIdFor(seed: number, index: number): string | null {
  const random = createPrng(hashSeed(seed, 'google-place-id', index));
  if (random() >= GOOGLE_PLACE_ID_SHARE) return null;
  let id = 'ChIJ';
  for (let i = 0; i < 23; i++) id += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return id;
}
