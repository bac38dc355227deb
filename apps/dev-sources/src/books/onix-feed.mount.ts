import { OnixCatalogue, OnixFeedHandler } from '@waypost/dev-sources/onix-feed';
import type { MountedStandIn } from '../commands/serve.command';
import { GeographyInputs } from '../geography/geography.builder';
import { createPrng, hashSeed, intBetween, pick } from '../pois/prng.util';
import {
  BOOKS_SEED,
  BookDestination,
  bookDestinations,
  bookReference,
  generateBook,
  generatedBookCatalogue,
} from './book.generator';

export const ONIX_FEED_PREFIX = '/onix';
/** The demo feed's basic auth credentials. */
export const DEFAULT_ONIX_USERNAME = 'waypost';
export const DEFAULT_ONIX_PASSWORD = 'onix-demo';

export interface OnixMountOptions {
  /** Products in the base catalogue. */
  readonly books: number;
  /** Products edited per round (one is also added, one deleted with a 05, one vanishes). */
  readonly edits: number;
  readonly now?: () => Date;
}

/**
 * One round of changes: `edits` products get a new price or availability, one new product is
 * published, one is deleted (a `05` in the delta) and one silently vanishes from the full feed.
 */
export function mutateBooks(
  catalogue: OnixCatalogue,
  destinations: readonly BookDestination[],
  random: () => number,
  state: { nextIndex: number; readonly edits: number },
): string {
  const livePick = (): string | null => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const reference = bookReference(intBetween(random, 0, state.nextIndex - 1));
      if (catalogue.get(reference)) return reference;
    }
    return null;
  };
  const edited: string[] = [];
  for (let i = 0; i < state.edits; i++) {
    const reference = livePick();
    if (!reference) continue;
    const product = catalogue.get(reference)!;
    const change = random() < 0.7 ? 'price' : 'availability';
    catalogue.update(
      reference,
      change === 'price'
        ? {
            prices: product.prices.map((p) => ({
              ...p,
              amount: (Number(p.amount) + pick(random, [-1, 1, 2])).toFixed(2),
            })),
          }
        : { availability: product.availability === '20' ? '40' : '20' },
    );
    edited.push(`${reference} (${change})`);
  }
  const added = catalogue.upsert(
    generateBook(destinations, state.nextIndex++, BOOKS_SEED, new Date(0)),
  );
  const deleted = livePick();
  if (deleted) catalogue.delete(deleted);
  const vanished = livePick();
  if (vanished) catalogue.vanish(vanished);
  return (
    `books: edited ${edited.join(', ') || 'none'}; added ${added.recordReference}; ` +
    `deleted ${deleted ?? 'none'}; vanished ${vanished ?? 'none'}; ${catalogue.liveCount()} products`
  );
}

/** The shop's ONIX feed with generated books about real places, to serve under `/onix`. */
export function mountOnixFeed(
  geography: Pick<GeographyInputs, 'countries' | 'cities'>,
  options: OnixMountOptions,
): MountedStandIn & { readonly feed: OnixFeedHandler } {
  const destinations = bookDestinations(geography);
  const catalogue = new OnixCatalogue(
    generatedBookCatalogue(destinations, options.books, BOOKS_SEED),
    options.now,
  );
  const feed = new OnixFeedHandler({
    catalogue,
    username: DEFAULT_ONIX_USERNAME,
    password: DEFAULT_ONIX_PASSWORD,
    now: options.now,
  });
  const random = createPrng(hashSeed(BOOKS_SEED, 'changes'));
  const state = { nextIndex: options.books, edits: options.edits };
  return {
    prefix: ONIX_FEED_PREFIX,
    handler: feed.handle,
    feed,
    describe: (base) => [
      `ONIX book feed with ${options.books} products (basic auth ${DEFAULT_ONIX_USERNAME}:${DEFAULT_ONIX_PASSWORD}): ${base}/feeds/onix?since=2026-01-01T00:00:00Z, ${base}/feeds/onix/full`,
    ],
    mutate: () => [mutateBooks(catalogue, destinations, random, state)],
  };
}
