import { SourceDefinition } from '@waypost/shared/sync';
import { ToursSourceDeps } from './source.deps';
import { viatorSource } from './viator.source';
import { gadventuresSource } from './gadventures.source';

/** Every source of tours-sync (`nx g @waypost/generators:source tours <name>` adds one). */
export const SOURCES: readonly SourceDefinition<ToursSourceDeps>[] = [
  viatorSource,
  gadventuresSource,
];
