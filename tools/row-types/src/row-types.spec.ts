import { sql } from 'kysely';
import { relative } from 'node:path';
import { TestDatabase, createTestDatabase } from '@waypost/shared/testing';
import {
  ColumnShape,
  ROOT,
  TableShapes,
  camel,
  declaredTables,
  kindOfColumn,
  rowTypeFiles,
} from './row-types';

interface ColumnRow {
  tableSchema: string;
  tableName: string;
  columnName: string;
  dataType: string;
  udtName: string;
  isNullable: 'YES' | 'NO';
}

/**
 * Every schema lib's kysely row types against the database its migrations make: the same tables,
 * the same columns, the same nullability, and kinds that agree (text is a string, bigint a number
 * as node-postgres is set up here, timestamptz a Date, text[] a string[]). A migration that adds,
 * drops or changes a column without its row type (or the reverse) fails here.
 */
describe('row types held to the migrations', () => {
  let database: TestDatabase<unknown>;
  let declared: TableShapes;
  let actual: TableShapes;

  beforeAll(async () => {
    declared = declaredTables(rowTypeFiles());
    database = await createTestDatabase();
    const schemas = [...new Set([...declared.keys()].map((t) => t.split('.')[0]!))];
    const { rows } = await sql<ColumnRow>`
      select table_schema, table_name, column_name, data_type, udt_name, is_nullable
      from information_schema.columns
      where table_schema = any(${schemas}::text[])
        and table_name not in ('kysely_migration', 'kysely_migration_lock')
      order by table_schema, table_name, ordinal_position`.execute(database.db);
    actual = new Map();
    for (const row of rows) {
      const table = `${row.tableSchema}.${camel(row.tableName)}`;
      const columns = actual.get(table) ?? new Map<string, ColumnShape>();
      columns.set(camel(row.columnName), {
        kind: kindOfColumn(row.dataType, row.udtName),
        nullable: row.isNullable === 'YES',
      });
      actual.set(table, columns);
    }
  });

  afterAll(() => database?.drop());

  it('reads the row types of every schema lib', () => {
    const files = rowTypeFiles().map((f) => relative(ROOT, f));
    expect(files).toEqual(
      expect.arrayContaining([
        'libs/places/schema/src/lib/tables.ts',
        'libs/articles/schema/src/lib/tables.ts',
      ]),
    );
    expect(declared.get('places.places')?.get('population')).toEqual({
      kind: 'number',
      nullable: true,
    });
    expect(declared.get('articles.articles')?.get('placeIds')).toEqual({
      kind: 'string[]',
      nullable: false,
    });
  });

  it('declares exactly the tables the migrations create', () => {
    expect([...declared.keys()].sort()).toEqual([...actual.keys()].sort());
  });

  it('declares every column with the database nullability and a kind that agrees', () => {
    const drift: string[] = [];
    for (const [table, columns] of actual) {
      const types = declared.get(table);
      if (!types) continue;
      for (const name of new Set([...columns.keys(), ...types.keys()])) {
        const db = columns.get(name);
        const ts = types.get(name);
        if (!db || !ts) {
          drift.push(`${table}.${name}: ${db ? 'in the database only' : 'in the row type only'}`);
          continue;
        }
        if (ts.kind === 'any' || db.kind === 'any') continue;
        if (ts.kind !== db.kind)
          drift.push(`${table}.${name}: ${ts.kind} in the row type, ${db.kind} in the database`);
        if (ts.nullable !== db.nullable) {
          drift.push(
            `${table}.${name}: ${ts.nullable ? 'nullable' : 'not null'} in the row type, not in the database`,
          );
        }
      }
    }
    expect(drift).toEqual([]);
  });
});
