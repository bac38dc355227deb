import {
  WordPressSite,
  WordPressStandIn,
  startWordPressStandIn,
} from '@waypost/dev-sources/wordpress';
import { createPrng, hashSeed, pick } from '../pois/prng.util';
import { WORDPRESS_SITES, draftPost, generateSite } from '../wordpress/wordpress.generator';

export interface ServeOptions {
  readonly port: number;
  /** Generated posts per site. */
  readonly posts: number;
  /** Seconds between rounds of changes; 0 never changes anything. */
  readonly mutateEverySeconds: number;
  /** Posts edited per site and round (one is also added and one removed). */
  readonly edits: number;
}

export interface RunningServe {
  readonly standIn: WordPressStandIn;
  /** One round of changes on every site; returns what it did, a line per site. */
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
 * Serves the WordPress stand-ins (`/guides`, `/news`) with generated posts and, every
 * `mutateEverySeconds`, edits a few posts, adds one and removes one on each site.
 */
export async function startServe(
  options: ServeOptions,
  out: (line: string) => void,
): Promise<RunningServe> {
  const standIn = await startWordPressStandIn({
    port: options.port,
    host: '0.0.0.0',
    sites: WORDPRESS_SITES.map((site) => generateSite(site, options.posts, WORDPRESS_SEED)),
  });
  const random = createPrng(hashSeed(WORDPRESS_SEED, 'changes'));
  const mutate = () =>
    Object.values(standIn.sites).map((site) => mutateSite(site, random, options.edits));
  const port = new URL(standIn.url).port;
  for (const site of WORDPRESS_SITES) {
    out(
      `WordPress stand-in "${site}" with ${options.posts} posts: http://127.0.0.1:${port}/${site}/wp-json/wp/v2/posts`,
    );
  }
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
      await standIn.close();
    },
  };
}
