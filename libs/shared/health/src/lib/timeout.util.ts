/** The promise's outcome, or a rejection once `ms` have passed without one. */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0)
    return errorMessage(error.errors[0]);
  return error instanceof Error && error.message ? error.message : String(error);
}

/** How long a dependency may take to answer a readiness check. */
export const DEFAULT_HEALTH_TIMEOUT_MS = 1000;

export interface HealthCheckOptions {
  /** Defaults to `DEFAULT_HEALTH_TIMEOUT_MS`. */
  readonly timeoutMs?: number;
}
