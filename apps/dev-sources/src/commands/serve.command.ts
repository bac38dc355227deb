import { RequestListener } from 'node:http';
import { listenStandIn, routeByPrefix } from '@waypost/dev-sources/http';
import {
  WordPressSite,
  WordPressStandIn,
  wordPressRequestHandler,
  wordPressSites,
} from '@waypost/dev-sources/wordpress';
import { mountOnixFeed } from '../books/onix-feed.mount';
import { loadGeographyInputs } from '../geography/geography.loader';
import { mountGooglePlaces } from '../google/google-places.mount';
import { mountLodgingPartner } from '../lodgings/lodging-partner.mount';
import { createPrng, hashSeed, pick } from '../pois/prng.util';
import { mountTours } from '../tours/tours.mount';
import { WORDPRESS_SITES, draftPost, generateSite } from '../wordpress/wordpress.generator';

export interface ServeOptions {
  readonly port: number;
  /** Generated posts per site. */
  readonly posts: number;
  /** Seconds between rounds of changes; 0 never changes anything. */
  readonly mutateEverySeconds: number;
  /** Posts edited per site and round (one is also added and one removed). */
  readonly edits: number;
  /** The lodging partner's cities and properties. */
  readonly lodgingCities: number;
  readonly lodgingProperties: number;
  /** Viator products and G Adventures tour dossiers. */
  readonly viatorProducts: number;
  readonly gadventuresDossiers: number;
  /** Products of the ONIX book feed. */
  readonly books: number;
  /** The stand-in CMS, whose Google place ids the Google Places stand-in knows. */
  readonly cmsDatabaseUrl: string;
}

/** A stand-in served under its own path prefix of the serve port, beside WordPress. */
export interface MountedStandIn {
  /** One path segment, e.g. `/viator`: the stand-in sees the paths after it. */
  readonly prefix: string;
  readonly handler: RequestListener;
  /** What it serves, a line per URL, given its base URL (`<origin><prefix>`). */
  describe(baseUrl: string): string[];
  /** One round of changes; returns what it did. */
  mutate(): string[];
  /** Releases what it holds (connections), when serve stops. */
  close?(): Promise<void>;
}

export interface RunningServe {
  /** The WordPress sites (the other stand-ins are under their prefixes of `standIn.url`). */
  readonly standIn: Omit<WordPressStandIn, 'close'>;
  /** One round of changes on every site and stand-in; returns what it did. */
  mutate(): string[];
  stop(): Promise<void>;
}

/** Every serve starts from the same sites. */
export const WORDPRESS_SEED = 20_260_201;
/** Share of edits that also retag the post, moving it to other places. */
const RETAG_SHARE = 0.3;

function mutateSite(site: WordPressSite, random: () => number, edits: number): string {
  const termIds = (taxonomy: 'category' | 'post_tag', name: string) =>
    site.ensureTerm(taxonomy, name);
  const name = site.name as (typeof WORDPRESS_SITES)[number];
  const live = site.posts();
  const edited = new Set<number>();
  while (edited.size < Math.min(edits, live.length)) edited.add(pick(random, live).id);
  for (const id of edited) {
    const post = site.post(id)!;
    const note = `<p>Updated ${new Date().toISOString().slice(0, 10)}: opening times checked.</p>`;
    const retag = random() < RETAG_SHARE ? { tagIds: draftPost(name, random, termIds).tagIds } : {};
    site.editPost(post.id, { contentHtml: `${post.contentHtml}\n${note}`, ...retag });
  }
  const added = site.addPost(draftPost(name, random, termIds));
  const removable = site.posts().filter((p) => p.id !== added.id && !edited.has(p.id));
  const removed = removable.length > 0 ? pick(random, removable) : null;
  if (removed) site.removePost(removed.id);
  return (
    `${site.name}: edited ${[...edited].join(', ') || 'none'}; added ${added.id}; ` +
    `removed ${removed?.id ?? 'none'}; ${site.posts().length} posts`
  );
}

/**
 * Serves the WordPress stand-ins (`/guides`, `/news`) with generated posts, and the other
 * stand-ins under their prefixes, on one port; every `mutateEverySeconds`, edits a few posts,
 * adds one and removes one on each site, and runs a round of changes in every other stand-in.
 */
export async function startServe(
  options: ServeOptions,
  out: (line: string) => void,
): Promise<RunningServe> {
  const sites = wordPressSites(
    WORDPRESS_SITES.map((site) => generateSite(site, options.posts, WORDPRESS_SEED)),
  );
  const geography = loadGeographyInputs();
  const mounts: MountedStandIn[] = [
    mountLodgingPartner(geography, {
      cities: options.lodgingCities,
      properties: options.lodgingProperties,
      edits: options.edits,
    }),
    ...mountTours(geography, {
      viatorProducts: options.viatorProducts,
      gadventuresDossiers: options.gadventuresDossiers,
      edits: options.edits,
    }),
    mountOnixFeed(geography, { books: options.books, edits: options.edits }),
    mountGooglePlaces({ cmsDatabaseUrl: options.cmsDatabaseUrl }),
  ];
  const server = await listenStandIn(
    routeByPrefix(
      Object.fromEntries(mounts.map((m) => [m.prefix, m.handler])),
      wordPressRequestHandler(sites),
    ),
    { port: options.port, host: '0.0.0.0' },
  );
  const standIn = { url: server.url, sites, siteUrl: (name: string) => `${server.url}/${name}` };
  const random = createPrng(hashSeed(WORDPRESS_SEED, 'changes'));
  const mutate = () => [
    ...Object.values(sites).map((site) => mutateSite(site, random, options.edits)),
    ...mounts.flatMap((m) => m.mutate()),
  ];
  for (const site of WORDPRESS_SITES) {
    out(
      `WordPress stand-in "${site}" with ${options.posts} posts: ${standIn.siteUrl(site)}/wp-json/wp/v2/posts`,
    );
  }
  for (const mount of mounts) mount.describe(`${server.url}${mount.prefix}`).forEach(out);
  const timer =
    options.mutateEverySeconds > 0
      ? setInterval(() => mutate().forEach(out), options.mutateEverySeconds * 1000)
      : undefined;
  if (timer) out(`changing posts every ${options.mutateEverySeconds} s (Ctrl-C stops)`);
  return {
    standIn,
    mutate,
    stop: async () => {
      clearInterval(timer);
      await server.close();
      await Promise.all(mounts.map((m) => m.close?.()));
    },
  };
}
