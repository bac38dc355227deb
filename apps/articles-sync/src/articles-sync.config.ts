import {
  BaseConfig,
  ConfigError,
  Env,
  envInt,
  envString,
  loadBaseConfig,
} from '@waypost/shared/config';
import {
  DEFAULT_SYNC_QUEUE_PREFIX,
  SYNC_JOB_BACKOFF_MS,
  SyncLimits,
  loadSyncLimits,
} from '@waypost/shared/sync';
import { ARTICLE_KINDS, ArticleKind } from '@waypost/articles/schema';

export const ARTICLES_SYNC_PORT = 3202;

/** The dev-sources stand-ins (`dev-sources serve`): a travel-guide site and a news site. */
export const DEFAULT_WORDPRESS_SITES =
  'guides=http://127.0.0.1:3900/guides:article,news=http://127.0.0.1:3900/news:news';

/** WordPress caps `per_page` at 100. */
export const MAX_PER_PAGE = 100;

/** One WordPress site, synced as its own source `wp-<name>` with its own watermark. */
export interface WordPressSiteConfig {
  readonly name: string;
  /** `wp-<name>`: the sync source and the prefix of its article ids. */
  readonly source: string;
  /** The site's home; the REST API is at `<baseUrl>/wp-json/wp/v2`. */
  readonly baseUrl: string;
  readonly kind: ArticleKind;
  readonly perPage: number;
  readonly everyMs: number;
  readonly reconcileEveryMs: number;
}

export interface ArticlesSyncConfig extends BaseConfig {
  readonly sites: readonly WordPressSiteConfig[];
  /** Per request attempt to a WordPress site. */
  readonly requestTimeoutMs: number;
  /** Attempts per request before the run fails (and BullMQ retries it). */
  readonly requestAttempts: number;
  readonly requestRetryDelayMs: number;
  /** How old a post's change must be before it is synced (see WordPressPostsSource.pull). */
  readonly settleMs: number;
  /** First retry delay of a failed run; doubles per attempt. */
  readonly retryBackoffMs: number;
  /** BullMQ key prefix (tests use their own). */
  readonly queuePrefix: string;
  /** Statement timeout of the target, page timeout, stale-run limit. */
  readonly limits: SyncLimits;
}

type SiteDefaults = Pick<WordPressSiteConfig, 'perPage' | 'everyMs' | 'reconcileEveryMs'>;

const VARIABLE = 'WORDPRESS_SITES';
const SITE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const FORMAT =
  'must be "name=baseUrl:kind,..." (kind article or news) or a JSON array of {name, baseUrl, kind, perPage?, everyMs?, reconcileEveryMs?}';

function site(
  entry: Record<string, unknown>,
  defaults: SiteDefaults,
  at: string,
): WordPressSiteConfig {
  const problem = (detail: string) => new ConfigError(VARIABLE, `${at}: ${detail}`);
  const { name, baseUrl, kind } = entry;
  if (typeof name !== 'string' || !SITE_NAME.test(name)) {
    throw problem(`name must match ${SITE_NAME}, got ${JSON.stringify(name)}`);
  }
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    throw problem(`baseUrl must be a URL, got ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw problem(`baseUrl must use http: or https:, got "${url.protocol}"`);
  }
  if (!ARTICLE_KINDS.includes(kind as ArticleKind)) {
    throw problem(`kind must be one of ${ARTICLE_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  }
  const int = (key: keyof SiteDefaults, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const value = entry[key] ?? defaults[key];
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      throw problem(
        `${key} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
      );
    }
    return value as number;
  };
  return {
    name,
    source: `wp-${name}`,
    baseUrl: url.href.replace(/\/+$/, ''),
    kind: kind as ArticleKind,
    perPage: int('perPage', 1, MAX_PER_PAGE),
    everyMs: int('everyMs', 1_000),
    reconcileEveryMs: int('reconcileEveryMs', 1_000),
  };
}

/**
 * Parses WORDPRESS_SITES: `name=baseUrl:kind` entries separated by commas, or a JSON array of
 * objects that may also set a site's perPage, everyMs and reconcileEveryMs.
 */
export function parseWordPressSites(raw: string, defaults: SiteDefaults): WordPressSiteConfig[] {
  let entries: { entry: Record<string, unknown>; at: string }[];
  if (raw.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new ConfigError(VARIABLE, `is not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(parsed) || parsed.some((e) => typeof e !== 'object' || e === null)) {
      throw new ConfigError(VARIABLE, FORMAT);
    }
    entries = parsed.map((entry, i) => ({ entry, at: `site ${i + 1}` }));
  } else {
    entries = raw.split(',').map((text) => {
      const match = /^\s*([^=\s]+)\s*=\s*(\S+):(\w+)\s*$/.exec(text);
      if (!match) throw new ConfigError(VARIABLE, `${FORMAT}; "${text.trim()}" is not`);
      return {
        entry: { name: match[1], baseUrl: match[2], kind: match[3] },
        at: `"${text.trim()}"`,
      };
    });
  }
  const sites = entries.map(({ entry, at }) => site(entry, defaults, at));
  const names = sites.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new ConfigError(VARIABLE, `names site "${twice}" twice`);
  if (sites.length === 0) throw new ConfigError(VARIABLE, FORMAT);
  return sites;
}

/** Reads articles-sync's settings once, at boot; a bad value stops it with the variable's name. */
export function loadArticlesSyncConfig(env: Env): ArticlesSyncConfig {
  const defaults: SiteDefaults = {
    perPage: envInt(env, 'WORDPRESS_PER_PAGE', MAX_PER_PAGE, 1, MAX_PER_PAGE),
    everyMs: envInt(env, 'SYNC_EVERY_MS', 5 * 60_000, 1_000),
    reconcileEveryMs: envInt(env, 'SYNC_RECONCILE_EVERY_MS', 60 * 60_000, 1_000),
  };
  return {
    ...loadBaseConfig(env, ARTICLES_SYNC_PORT),
    sites: parseWordPressSites(envString(env, VARIABLE, DEFAULT_WORDPRESS_SITES), defaults),
    requestTimeoutMs: envInt(env, 'WORDPRESS_TIMEOUT_MS', 15_000, 100, 600_000),
    requestAttempts: envInt(env, 'WORDPRESS_ATTEMPTS', 3, 1, 10),
    requestRetryDelayMs: envInt(env, 'WORDPRESS_RETRY_DELAY_MS', 500, 0, 60_000),
    settleMs: envInt(env, 'SYNC_SETTLE_MS', 2_000, 0, 600_000),
    retryBackoffMs: envInt(env, 'SYNC_RETRY_BACKOFF_MS', SYNC_JOB_BACKOFF_MS, 10),
    queuePrefix: envString(env, 'SYNC_QUEUE_PREFIX', DEFAULT_SYNC_QUEUE_PREFIX),
    limits: loadSyncLimits(env),
  };
}
