import { SourceDefinition } from '@waypost/shared/sync';
import { LodgingsSourceDeps } from './source.deps';
import { partnerSource } from './partner.source';

/** Every source of lodgings-sync (`nx g @waypost/generators:source lodgings <name>` adds one). */
export const SOURCES: readonly SourceDefinition<LodgingsSourceDeps>[] = [partnerSource];
