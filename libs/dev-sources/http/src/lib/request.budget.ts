/** What a request budget answers: allowed or not, and the numbers for `RateLimit-*`/`Retry-After`. */
export interface BudgetDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Whole seconds until the window resets (at least 1). */
  readonly resetSeconds: number;
}

/**
 * A partner's request budget: at most `limit` requests per fixed window of `windowMs`, counted
 * per key (an API key). Past it the partner answers 429 with `Retry-After: resetSeconds`.
 */
export class RequestBudget {
  private readonly windows = new Map<string, { start: number; used: number }>();
  private rejectedCount = 0;

  constructor(
    public limit: number,
    readonly windowMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  take(key = ''): BudgetDecision {
    const now = this.now();
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      window = { start, used: 0 };
      this.windows.set(key, window);
    }
    const resetSeconds = Math.max(1, Math.ceil((start + this.windowMs - now) / 1000));
    if (window.used >= this.limit) {
      this.rejectedCount += 1;
      return { allowed: false, limit: this.limit, remaining: 0, resetSeconds };
    }
    window.used += 1;
    return { allowed: true, limit: this.limit, remaining: this.limit - window.used, resetSeconds };
  }

  /** How many requests were refused with 429 so far. */
  get rejected(): number {
    return this.rejectedCount;
  }
}
