import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import { Pool, PoolConfig, types } from 'pg';

// bigint (int8) and numeric come back as strings by default; our counts and populations fit a double.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));
types.setTypeParser(types.builtins.NUMERIC, (v) => Number(v));

// The OID of text[], which `types.builtins` does not name.
const TEXT_ARRAY = 1009 as Parameters<typeof types.getTypeParser>[0];
const parseTextArrayByCharacter = types.getTypeParser(TEXT_ARRAY) as (value: string) => unknown;
// PostgreSQL quotes every element holding a comma, brace, quote, backslash or space, or empty.
const UNQUOTED_TEXT_ARRAY = /^\{[^"\\{}]*\}$/;

/**
 * text[] as node-postgres parses it, without its per-character parser for the common case of
 * unquoted elements (ids, codes): the arrays of ids every place and point of interest carries.
 */
export function parseTextArray(value: string): unknown {
  if (!UNQUOTED_TEXT_ARRAY.test(value)) return parseTextArrayByCharacter(value);
  const entries: (string | null)[] = [];
  for (const entry of value.slice(1, -1).split(',')) {
    if (entry !== '') entries.push(entry === 'NULL' ? null : entry);
  }
  return entries;
}

types.setTypeParser(TEXT_ARRAY, parseTextArray);

export interface DatabaseOptions {
  readonly url: string;
  readonly maxConnections?: number;
  readonly applicationName?: string;
  readonly statementTimeoutMs?: number;
}

export function createPool(options: DatabaseOptions): Pool {
  const config: PoolConfig = {
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'waypost',
    statement_timeout: options.statementTimeoutMs,
  };
  const pool = new Pool(config);
  // A connection the server dropped (idle or checked out) must not crash the process: pg-pool
  // discards it, and a query on it rejects, so the caller sees the failure where it can act.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** A kysely instance over a pg pool; rows and columns are camelCase in TypeScript, snake_case in SQL. */
export function createDatabase<DB>(options: DatabaseOptions | { pool: Pool }): Kysely<DB> {
  const pool = 'pool' in options ? options.pool : createPool(options);
  return new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
}
