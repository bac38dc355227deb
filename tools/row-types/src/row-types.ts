import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const ROOT = join(__dirname, '..', '..', '..');

/** What a column holds, as far as a row type and the database can be compared. */
export type ColumnKind = 'string' | 'number' | 'boolean' | 'date' | 'string[]' | 'any';

export interface ColumnShape {
  readonly kind: ColumnKind;
  readonly nullable: boolean;
}

/** Tables by `schema.table` (camelCase, as kysely's CamelCasePlugin names them), columns by name. */
export type TableShapes = Map<string, Map<string, ColumnShape>>;

/** Every row-type file of a schema lib: `libs/<scope>/.../src/lib/tables.ts`, and the sync tables. */
export function rowTypeFiles(): string[] {
  const found = readdirSync(join(ROOT, 'libs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(join('src', 'lib', 'tables.ts')))
    .map((file) => join(ROOT, 'libs', file));
  return [...found, join(ROOT, 'libs/shared/db/src/lib/sync-tables.ts')];
}

/**
 * The tables the `*Database` types of the given files declare, read with the TypeScript checker:
 * each column's select type (kysely's `ColumnType<Select, ...>` and `Generated<T>` unwrapped).
 */
export function declaredTables(files: readonly string[]): TableShapes {
  const program = ts.createProgram([...files], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    baseUrl: ROOT,
    paths: readPaths(),
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const tables: TableShapes = new Map();
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`cannot read ${relative(ROOT, file)}`);
    for (const statement of source.statements) {
      if (!ts.isTypeAliasDeclaration(statement) || !statement.name.text.endsWith('Database'))
        continue;
      const database = checker.getTypeAtLocation(statement.name);
      for (const table of database.getProperties()) {
        const tableType = checker.getTypeOfSymbolAtLocation(table, statement);
        const columns = new Map<string, ColumnShape>();
        for (const column of tableType.getProperties()) {
          columns.set(
            column.name,
            shapeOf(checker, checker.getTypeOfSymbolAtLocation(column, statement)),
          );
        }
        tables.set(table.name, columns);
      }
    }
  }
  return tables;
}

function readPaths(): Record<string, string[]> {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.base.json'), ts.sys.readFile);
  return (config.config?.compilerOptions?.paths ?? {}) as Record<string, string[]>;
}

function shapeOf(checker: ts.TypeChecker, declared: ts.Type): ColumnShape {
  const select = declared.getProperty('__select__');
  const type = select ? checker.getTypeOfSymbol(select) : declared;
  const parts = type.isUnion() ? type.types : [type];
  const nullable = parts.some((t) => t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined));
  const rest = parts.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
  const kinds = new Set(rest.map((t) => kindOf(checker, t)));
  if (kinds.size !== 1) return { kind: 'any', nullable };
  return { kind: [...kinds][0]!, nullable };
}

function kindOf(checker: ts.TypeChecker, type: ts.Type): ColumnKind {
  if (type.flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral)) return 'string';
  if (type.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return 'number';
  if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return 'boolean';
  const text = checker.typeToString(type);
  if (text === 'Date') return 'date';
  if (checker.isArrayType(type)) {
    const [item] = checker.getTypeArguments(type as ts.TypeReference);
    if (item && item.flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral)) return 'string[]';
    if (item?.isUnion() && item.types.every((t) => t.flags & ts.TypeFlags.StringLiteral))
      return 'string[]';
  }
  return 'any';
}

/** The kind of a PostgreSQL column as node-postgres returns it here (int8 and numeric as numbers). */
export function kindOfColumn(dataType: string, udtName: string): ColumnKind {
  switch (dataType) {
    case 'text':
    case 'character varying':
    case 'character':
    case 'uuid':
      return 'string';
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'numeric':
    case 'real':
    case 'double precision':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'timestamp with time zone':
    case 'timestamp without time zone':
    case 'date':
      return 'date';
    case 'ARRAY':
      return udtName === '_text' || udtName === '_varchar' ? 'string[]' : 'any';
    default:
      return 'any';
  }
}

/** `source_id` → `sourceId`, as the CamelCasePlugin maps a column. */
export const camel = (name: string): string =>
  name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
