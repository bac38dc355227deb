import { Agent, Dispatcher, request } from 'undici';

/** How a partner API is called: its retries and how long to wait between them. */
export interface RateLimitedHttpOptions {
  readonly name: string;
  readonly timeoutMs: number;
  /** Attempts after the first, for 429, 5xx and network errors. */
  readonly maxRetries: number;
  /** Waits (tests pass a recording one). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Longest wait a Retry-After or RateLimit-Reset may ask for before the run gives up on it. */
const MAX_WAIT_MS = 120_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * GETs JSON from a partner that announces its budget: `RateLimit-Remaining: 0` holds the next
 * request until `RateLimit-Reset`, a 429 waits `Retry-After` and asks again, 5xx and network
 * errors back off exponentially; what still fails throws (the run fails and resumes later).
 */
export class RateLimitedHttp {
  private readonly dispatcher: Dispatcher;
  private readonly sleep: (ms: number) => Promise<void>;
  private notBefore = 0;

  constructor(private readonly options: RateLimitedHttpOptions) {
    this.dispatcher = new Agent({
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** The body of a 200, or `null` for a 404 (when `notFoundIsNull`). */
  async getJson<T>(
    url: string,
    headers: Record<string, string>,
    notFoundIsNull = false,
  ): Promise<T | null> {
    for (let attempt = 0; ; attempt++) {
      const wait = this.notBefore - Date.now();
      if (wait > 0) await this.sleep(wait);
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, { dispatcher: this.dispatcher, headers });
      } catch (error) {
        if (attempt >= this.options.maxRetries) throw error;
        await this.sleep(backoff(attempt));
        continue;
      }
      this.noteBudget(response.headers);
      const status = response.statusCode;
      if (status === 200) return (await response.body.json()) as T;
      await response.body.dump();
      if (status === 404 && notFoundIsNull) return null;
      const retryable = status === 429 || status >= 500;
      if (!retryable || attempt >= this.options.maxRetries) {
        throw new Error(`${this.options.name}: GET ${url} answered ${status}`);
      }
      if (status === 429) {
        const seconds = headerNumber(response.headers, 'retry-after') ?? 1;
        this.notBefore = Math.max(
          this.notBefore,
          Date.now() + Math.min(seconds * 1000, MAX_WAIT_MS),
        );
      } else {
        await this.sleep(backoff(attempt));
      }
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /** An exhausted budget holds the next request until the window resets. */
  private noteBudget(headers: Dispatcher.ResponseData['headers']): void {
    const remaining = headerNumber(headers, 'ratelimit-remaining');
    const reset = headerNumber(headers, 'ratelimit-reset');
    if (remaining === 0 && reset !== null) {
      this.notBefore = Math.max(this.notBefore, Date.now() + Math.min(reset * 1000, MAX_WAIT_MS));
    }
  }
}

function headerNumber(headers: Dispatcher.ResponseData['headers'], name: string): number | null {
  const raw = headers[name];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw === undefined || !Number.isFinite(value) || value < 0 ? null : value;
}

const backoff = (attempt: number) => Math.min(100 * 2 ** attempt, 5_000);
