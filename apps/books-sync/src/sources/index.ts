import { SourceDefinition } from '@waypost/shared/sync';
import { BooksSourceDeps } from './source.deps';
import { onixSource } from './onix.source';

/** Every source of books-sync (`nx g @waypost/generators:source books <name>` adds one). */
export const SOURCES: readonly SourceDefinition<BooksSourceDeps>[] = [onixSource];
