/** Injection token of the app's pino `Logger`. */
export const LOGGER = Symbol('LOGGER');
/** Injection token of the app's prom-client `Registry`. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export const OBSERVABILITY_OPTIONS = Symbol('OBSERVABILITY_OPTIONS');
