/** A failure to inject into one kind of request of a stand-in. */
export type InjectedFailure =
  /** Answer with this HTTP status (the stand-in renders its partner's error body). */
  | { readonly kind: 'status'; readonly status: number }
  /** Never answer: the client has to time out. */
  | { readonly kind: 'hang' }
  /** Answer normally, after `ms` milliseconds. */
  | { readonly kind: 'slow'; readonly ms: number }
  /** Run `action` first (e.g. an edit in the middle of a pagination), then answer normally. */
  | { readonly kind: 'action'; readonly action: () => void };

export interface InjectOptions {
  /** How many matching requests it affects (default: every one until cleared). */
  readonly times?: number;
  /** Only requests whose query matches (default: all). */
  readonly where?: (params: URLSearchParams) => boolean;
}

interface Pending {
  readonly failure: InjectedFailure;
  readonly where: (params: URLSearchParams) => boolean;
  left: number;
}

/** Failures waiting for requests, by a key the stand-in derives from each request (route, page). */
export class FailureInjector {
  private readonly pending = new Map<string, Pending[]>();

  add(key: string, failure: InjectedFailure, options: InjectOptions = {}): void {
    const list = this.pending.get(key) ?? [];
    list.push({
      failure,
      where: options.where ?? (() => true),
      left: options.times ?? Number.POSITIVE_INFINITY,
    });
    this.pending.set(key, list);
  }

  /** The failures due for a request under any of `keys`, consumed. */
  take(keys: readonly string[], params: URLSearchParams): InjectedFailure[] {
    const due = keys
      .flatMap((key) => this.pending.get(key) ?? [])
      .filter((p) => p.left > 0 && p.where(params));
    for (const p of due) p.left -= 1;
    return due.map((p) => p.failure);
  }

  clear(): void {
    this.pending.clear();
  }
}

/**
 * Applies the due failures of a request: returns `'answered'` when one answered (or will never
 * answer), else waits out any slow failure and returns `'continue'`.
 */
export async function applyFailures(
  failures: readonly InjectedFailure[],
  answerStatus: (status: number) => void,
): Promise<'answered' | 'continue'> {
  for (const failure of failures) {
    if (failure.kind === 'action') failure.action();
    else if (failure.kind === 'hang') return 'answered';
    else if (failure.kind === 'status') {
      answerStatus(failure.status);
      return 'answered';
    } else await new Promise((resolve) => setTimeout(resolve, failure.ms).unref());
  }
  return 'continue';
}
