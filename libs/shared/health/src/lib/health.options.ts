import { InjectionToken, ModuleMetadata, Provider } from '@nestjs/common';
import { HealthIndicatorFunction } from '@nestjs/terminus';

/** One readiness check: resolves to `indicator.up()` or `indicator.down()` of its dependency. */
export type ReadinessCheck = HealthIndicatorFunction;

export interface HealthModuleOptions {
  /** Modules exporting what `inject` names (a database, a Redis client, an indicator). */
  readonly imports?: ModuleMetadata['imports'];
  /** Extra providers built inside the health module, e.g. indicators defined in other libs. */
  readonly providers?: Provider[];
  /** Tokens resolved and passed to `useFactory`; the indicators of this lib are always available. */
  readonly inject?: InjectionToken[];
  /** The readiness checks, run in parallel on every `GET /health/ready`. */
  readonly useFactory: (...deps: never[]) => ReadinessCheck[] | Promise<ReadinessCheck[]>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
