import { setTimeout as sleep } from 'node:timers/promises';

export interface WordPressClientOptions {
  /** Per attempt, body included; a slower answer is abandoned and counts as a transient failure. */
  readonly timeoutMs: number;
  /** Tries per request; only transient failures (network, timeout, 408, 429, 5xx) are retried. */
  readonly attempts: number;
  /** Pause before the first retry; doubles per retry (a Retry-After header wins, up to a cap). */
  readonly retryDelayMs: number;
}

/** One page of a collection, with the paging WordPress reports in its headers. */
export interface WordPressPage {
  readonly items: readonly unknown[];
  readonly page: number;
  /** `X-WP-Total`: how many items match the query (null if a proxy dropped the header). */
  readonly total: number | null;
  /** The page after this one: the Link header's rel="next", else `X-WP-TotalPages`; null at the end. */
  readonly nextPage: number | null;
}

/** A failed request: WordPress's error `code` where it answered one (`rest_post_invalid_page_number`). */
export class WordPressError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'WordPressError';
  }
}

/** The longest a Retry-After may hold a request; past that the run fails and BullMQ backs off. */
const MAX_RETRY_WAIT_MS = 10_000;
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

type Attempt =
  | { readonly ok: true; readonly headers: Headers; readonly body: unknown }
  | {
      readonly ok: false;
      readonly error: WordPressError;
      readonly transient: boolean;
      readonly retryAfterMs: number | null;
    };

/** The `page` of the Link header's rel="next" target, if there is one. */
export function nextPageFromLink(link: string | null): number | null {
  for (const match of (link ?? '').matchAll(/<([^>]*)>\s*;\s*rel="?([^";,]+)"?/g)) {
    if (match[2] !== 'next') continue;
    const page = Number(new URL(match[1]!, 'http://link.invalid').searchParams.get('page'));
    return Number.isInteger(page) && page > 0 ? page : null;
  }
  return null;
}

function retryAfterMs(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

const headerInt = (headers: Headers, name: string): number | null => {
  const value = Number(headers.get(name) ?? Number.NaN);
  return Number.isInteger(value) && value >= 0 ? value : null;
};

/**
 * Reads one WordPress site's REST API v2 (`<baseUrl>/wp-json/wp/v2/...`), retrying transient
 * failures inside each request with a bounded timeout per attempt.
 */
export class WordPressClient {
  private readonly postsUrl: string;

  constructor(
    baseUrl: string,
    private readonly options: WordPressClientOptions,
  ) {
    this.postsUrl = `${baseUrl.replace(/\/+$/, '')}/wp-json/wp/v2/posts`;
  }

  /** One page of `GET /posts` with these parameters. */
  async postsPage(params: Readonly<Record<string, string>>, page: number): Promise<WordPressPage> {
    const url = new URL(this.postsUrl);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    url.searchParams.set('page', String(page));
    const { headers, body } = await this.get(url);
    if (!Array.isArray(body)) {
      throw new WordPressError(`GET ${url} did not answer a JSON array`, 200, null);
    }
    const total = headerInt(headers, 'x-wp-total');
    const totalPages = headerInt(headers, 'x-wp-totalpages');
    const perPage = Number(params['per_page'] ?? 10);
    // Without Link or totals (a proxy dropped them) a full page means there may be another.
    const fallback =
      totalPages === null
        ? body.length >= perPage
          ? page + 1
          : null
        : page < totalPages
          ? page + 1
          : null;
    const linked = nextPageFromLink(headers.get('link'));
    return { items: body, page, total, nextPage: linked && linked > page ? linked : fallback };
  }

  /** Every page of `GET /posts`, from page 1, following the site's paging. */
  async *postsPages(params: Readonly<Record<string, string>>): AsyncGenerator<WordPressPage> {
    for (let page: number | null = 1; page !== null;) {
      const result: WordPressPage = await this.postsPage(params, page);
      yield result;
      page = result.nextPage;
    }
  }

  /** For readiness: the posts endpoint answers (one id, one short attempt). */
  async ping(timeoutMs: number): Promise<void> {
    const url = new URL(this.postsUrl);
    url.search = 'per_page=1&_fields=id';
    const attempt = await this.attempt(url, timeoutMs);
    if (!attempt.ok) throw attempt.error;
  }

  private async get(url: URL): Promise<{ headers: Headers; body: unknown }> {
    let delay = this.options.retryDelayMs;
    for (let attempt = 1; ; attempt++) {
      const result = await this.attempt(url, this.options.timeoutMs);
      if (result.ok) return result;
      if (!result.transient || attempt >= this.options.attempts) throw result.error;
      await sleep(Math.min(result.retryAfterMs ?? delay, MAX_RETRY_WAIT_MS));
      delay *= 2;
    }
  }

  private async attempt(url: URL, timeoutMs: number): Promise<Attempt> {
    const what = `GET ${url.pathname}${url.search}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        headers: { Accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      // Not `instanceof`: fetch's errors may come from another realm (a test VM, a worker).
      const { name, message, cause } = error as { name?: string; message?: string; cause?: Error };
      const reason =
        name === 'TimeoutError'
          ? `no answer within ${timeoutMs} ms`
          : (cause?.message ?? message ?? String(error));
      return {
        ok: false,
        error: new WordPressError(`${what} failed: ${reason}`, null, null),
        transient: true,
        retryAfterMs: null,
      };
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (response.ok && body !== undefined) return { ok: true, headers: response.headers, body };
    const wpError = body as { code?: unknown; message?: unknown } | undefined;
    const code = typeof wpError?.code === 'string' ? wpError.code : null;
    const detail = code ? `${code}: ${String(wpError?.message)}` : 'no WordPress error body';
    return {
      ok: false,
      error: new WordPressError(
        response.ok
          ? `${what} answered ${response.status} without JSON`
          : `${what} answered ${response.status} (${detail})`,
        response.status,
        code,
      ),
      transient: response.status >= 500 || TRANSIENT_STATUSES.has(response.status),
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    };
  }
}
