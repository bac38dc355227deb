// Node's codes for a server that cannot be reached, and PostgreSQL's SQLSTATEs for one that
// cannot serve now: connection exceptions (class 08), too many connections, shutting down or
// starting up.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
]);
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|53300|57P01|57P02|57P03)$/;

/**
 * Whether a query failed because PostgreSQL could not be reached or cannot serve right now (so
 * a read service answers 503), rather than because of the query itself.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Duck-typed: errors from node core may come from another realm (e.g. under Jest).
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) {
    return true;
  }
  // node-postgres reports a connection the server dropped mid-query without a code.
  return typeof message === 'string' && message.startsWith('Connection terminated');
}
