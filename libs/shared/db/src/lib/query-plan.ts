import { Kysely, sql } from 'kysely';

/** A statement as a driver sends it: SQL with `$n` placeholders and their values. */
export interface PlannedStatement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/** One node of an `EXPLAIN (FORMAT JSON)` plan, with the members the checks read. */
export interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly 'Actual Rows'?: number;
  readonly 'Actual Loops'?: number;
  readonly Plans?: readonly PlanNode[];
}

export interface ExplainedStatement {
  readonly plan: PlanNode;
  /** Planning plus execution time, ms (with `analyze`). */
  readonly ms: number;
}

/**
 * EXPLAIN (ANALYZE, FORMAT JSON) of a statement, its parameters written in as literals (EXPLAIN
 * takes no bind parameters; a custom plan for these values, as the driver's unnamed statements
 * get). For tests that hold a query to its plan, and for the bench.
 */
export async function explainAnalyze(
  db: Kysely<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  statement: PlannedStatement,
): Promise<ExplainedStatement> {
  const { rows } = await sql<{
    'QUERY PLAN': [{ Plan: PlanNode; 'Planning Time': number; 'Execution Time': number }];
  }>`explain (analyze, format json) ${sql.raw(inlineParameters(statement))}`.execute(db);
  const [result] = rows[0]!['QUERY PLAN'];
  return { plan: result.Plan, ms: result['Planning Time'] + result['Execution Time'] };
}

/** Every node of a plan, outermost first. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

/** A plan on one line: each node's type and index or table, its children in brackets. */
export function planSummary(node: PlanNode): string {
  const target = node['Index Name'] ?? node['Relation Name'];
  const here = target ? `${node['Node Type']} (${target})` : node['Node Type'];
  const below = (node.Plans ?? []).map(planSummary).join(', ');
  return below ? `${here} > [${below}]` : here;
}

/** The statement's SQL with numbers, strings and dates written in as literals. */
export function inlineParameters(statement: PlannedStatement): string {
  return statement.sql.replace(/\$(\d+)/g, (_m, n: string) => {
    const value = statement.parameters[Number(n) - 1];
    if (typeof value === 'number') return String(value);
    const text = value instanceof Date ? value.toISOString() : String(value);
    return `'${text.replace(/'/g, "''")}'`;
  });
}
