/** The taxonomies a stand-in post carries. */
export type WpTaxonomy = 'category' | 'post_tag';

/** A category or tag of a stand-in site; `name` is plain text (the wire form escapes it). */
export interface WpTermInput {
  readonly id: number;
  readonly name: string;
  readonly slug: string;
}

export interface WpAuthorInput {
  readonly id: number;
  readonly name: string;
  readonly slug: string;
}

/** A post as a stand-in site stores it; the server renders WordPress's wire shape from it. */
export interface WpPostInput {
  readonly id: number;
  readonly slug: string;
  /** Plain text, as typed in the editor (the wire form is texturized and escaped). */
  readonly title: string;
  /** The rendered post body (HTML, possibly with scripts and embeds a sync must strip). */
  readonly contentHtml: string;
  /** The rendered excerpt (HTML). */
  readonly excerptHtml: string;
  readonly authorId: number;
  readonly featuredMedia: number;
  readonly categoryIds: readonly number[];
  readonly tagIds: readonly number[];
  /** Registered post meta, e.g. `geo_latitude`/`geo_longitude` of a geolocation plugin. */
  readonly meta: Readonly<Record<string, unknown>>;
  /** Publication time (`date_gmt`), whole seconds. */
  readonly publishedAt: Date;
  /** Last modification (`modified_gmt`), whole seconds. */
  readonly modifiedAt: Date;
  /** Wire fields replaced as a broken plugin or import would leave them (fixture edge cases). */
  readonly raw?: Readonly<Record<string, unknown>>;
}

/** One WordPress site of the stand-in, served under `/<name>/wp-json/wp/v2/...`. */
export interface WpSiteData {
  readonly name: string;
  /** The site's timezone as a fixed offset: `date`/`modified` are local, `*_gmt` UTC. */
  readonly utcOffsetMinutes: number;
  readonly categories: readonly WpTermInput[];
  readonly tags: readonly WpTermInput[];
  readonly authors: readonly WpAuthorInput[];
  readonly posts: readonly WpPostInput[];
}

/** A new post: the site assigns its id and, unless given, the publication and modification times. */
export type WpNewPost = Omit<WpPostInput, 'id' | 'publishedAt' | 'modifiedAt'> &
  Partial<Pick<WpPostInput, 'publishedAt'>>;

/** An edit: the site bumps `modifiedAt` to now, as saving in the editor does. */
export type WpPostPatch = Partial<Omit<WpPostInput, 'id' | 'modifiedAt'>>;
