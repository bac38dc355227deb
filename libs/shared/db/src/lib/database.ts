import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import { Pool, PoolConfig, types } from 'pg';

// bigint (int8) and numeric come back as strings by default; our counts and populations fit a double.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));
types.setTypeParser(types.builtins.NUMERIC, (v) => Number(v));

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
