import { CamelCasePlugin, Compilable, CompiledQuery, Kysely, RawBuilder } from 'kysely';

/**
 * Bound values of a query: scalars are parameters; undefined, null, booleans and the falsy scalars
 * (`''`, `0`, `NaN`, `0n`) shape the SQL, so that a build branching on a value's truthiness sees it.
 */
export type BoundValues = Readonly<Record<string, unknown>>;

/** How many shapes a cache keeps: shapes come from code paths and array lengths, not from values. */
const MAX_SHAPES = 2_000;
const MAX_CACHED_NAMES = 1_000;

/**
 * A value standing in for a request's (truthy) value while a query is built once: it becomes a
 * parameter of the compiled SQL, bound per execution. Using it in JavaScript while building (`${v}`,
 * `v + 1`, `v < 3`, `v == 'x'`, `v.toUpperCase()`) is a bug, so it throws instead of producing SQL
 * for the wrong value. Its truthiness is the value's (falsy values are never slots); a strict
 * `v === 'x'` cannot be caught in JavaScript: compare in SQL.
 */
class Slot {
  constructor(readonly read: Read) {}

  [Symbol.toPrimitive](): never {
    throw new Error('A bound value was used in JavaScript while building a compiled query');
  }

  toString(): never {
    throw new Error('A bound value was used as a string while building a compiled query');
  }

  valueOf(): never {
    throw new Error('A bound value was used in JavaScript while building a compiled query');
  }
}

/** The scalars whose falsiness could steer a build: they are part of the shape, never slots. */
function isFalsyScalar(value: unknown): boolean {
  return (
    value === '' ||
    value === 0 ||
    value === 0n ||
    (typeof value === 'number' && Number.isNaN(value))
  );
}

type Read = (values: BoundValues) => unknown;

interface Template {
  readonly compiled: CompiledQuery;
  /** Per parameter: how to read it from the values, or the constant the builder put there. */
  readonly parameters: readonly ({ read: Read } | { value: unknown })[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** What of `value` decides the SQL: which members are there, array lengths, null and booleans. */
function shapeOf(value: unknown): string {
  if (value === undefined) return 'u';
  if (value === null) return 'n';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (isFalsyScalar(value)) return `=${typeof value}:${String(value)}`;
  if (Array.isArray(value)) {
    let shape = '[';
    for (const item of value) shape += `${shapeOf(item)},`;
    return `${shape}]`;
  }
  if (isPlainObject(value)) {
    let shape = '{';
    for (const key of Object.keys(value)) shape += `${key}:${shapeOf(value[key])},`;
    return `${shape}}`;
  }
  return '$';
}

/** `value` with every scalar replaced by a slot that reads it back from the values. */
function slotsOf(value: unknown, read: Read): unknown {
  if (value === undefined || value === null || typeof value === 'boolean' || isFalsyScalar(value)) {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => slotsOf(item, (v) => (read(v) as unknown[])[i]));
  }
  if (isPlainObject(value)) {
    const slots: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      slots[key] = slotsOf(value[key], (v) => (read(v) as Record<string, unknown>)[key]);
    }
    return slots;
  }
  return new Slot(read);
}

/**
 * How to bind a compiled parameter: a slot reads its value; an array bound as one parameter
 * (`${ids}::text[]`) is rebuilt from its slots; anything else is a constant of the SQL.
 */
function binderOf(parameter: unknown): Read | undefined {
  if (parameter instanceof Slot) return parameter.read;
  if (Array.isArray(parameter)) {
    const items = parameter.map(binderOf);
    if (items.every((item) => item === undefined)) return undefined;
    return (values) => parameter.map((item, i) => (items[i] ? items[i](values) : item));
  }
  if (isPlainObject(parameter) && Object.values(parameter).some((v) => binderOf(v))) {
    throw new Error('An object bound as one parameter cannot hold bound values: bind its JSON');
  }
  return undefined;
}

/** Column names snake_case → camelCase as the CamelCasePlugin maps them, each name mapped once. */
class ColumnNames extends CamelCasePlugin {
  private readonly names = new Map<string, string>();

  of(column: string): string {
    let name = this.names.get(column);
    if (name === undefined) {
      name = this.camelCase(column);
      if (this.names.size < MAX_CACHED_NAMES) this.names.set(column, name);
    }
    return name;
  }

  /**
   * Rows with camelCase keys. Unlike the plugin, values pass through as they are: the members of a
   * JSON column are data, kept as stored.
   */
  rows<R>(rows: readonly Record<string, unknown>[]): R[] {
    if (rows.length === 0) return [];
    // node-postgres gives every row of a result the same columns in the same order.
    const columns = Object.keys(rows[0]!);
    const names = columns.map((column) => this.of(column));
    const mapped = new Array<R>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const out: Record<string, unknown> = {};
      for (let c = 0; c < columns.length; c++) out[names[c]!] = row[columns[c]!];
      mapped[i] = out as R;
    }
    return mapped;
  }
}

/**
 * Compiles each shape of a query once and binds every request's values into it: building and
 * compiling a Kysely query (and snake-casing it) costs more CPU than a small indexed read.
 * `build` gets stand-ins for `values` and must only hand them to Kysely; whatever decides the SQL
 * beyond their presence, array lengths, nulls and booleans (a sort, an option) goes in `shape`.
 * Expects a Kysely instance with the CamelCasePlugin (see `createDatabase`); rows come back with
 * camelCase columns, their values (JSON too) as node-postgres parsed them.
 */
export class CompiledQueryCache<DB> {
  private readonly templates = new Map<string, Template>();
  private readonly plain: Kysely<DB>;
  private readonly columns = new ColumnNames();

  constructor(private readonly db: Kysely<DB>) {
    this.plain = db.withoutPlugins();
  }

  /** The compiled statement of `build` for this shape with `values` bound. */
  compile<V extends BoundValues, R>(
    shape: string,
    values: V,
    build: (values: V) => Compilable<R> | RawBuilder<R>,
  ): CompiledQuery<R> {
    const key = `${shape}|${shapeOf(values)}`;
    let template = this.templates.get(key);
    if (!template) {
      template = this.template(values, build as (values: V) => Compilable | RawBuilder<unknown>);
      if (this.templates.size < MAX_SHAPES) this.templates.set(key, template);
    }
    const parameters = template.parameters.map((p) => ('read' in p ? p.read(values) : p.value));
    return { ...template.compiled, parameters } as CompiledQuery<R>;
  }

  /** Runs the statement of `build` for this shape and `values`; rows in camelCase. */
  async execute<V extends BoundValues, R>(
    shape: string,
    values: V,
    build: (values: V) => Compilable<R> | RawBuilder<R>,
  ): Promise<R[]> {
    // The plugins' result hooks are async and generic: rows are mapped here instead.
    const { rows } = await this.plain.executeQuery(this.compile(shape, values, build));
    return this.columns.rows<R>(rows as Record<string, unknown>[]);
  }

  private template<V extends BoundValues>(
    values: V,
    build: (values: V) => Compilable | RawBuilder<unknown>,
  ): Template {
    const query = build(slotsOf(values, (v) => v) as V);
    const compiled = 'isRawBuilder' in query ? query.compile(this.db) : query.compile();
    return {
      compiled: { ...compiled, parameters: [] },
      parameters: compiled.parameters.map((p) => {
        const read = binderOf(p);
        return read ? { read } : { value: p };
      }),
    };
  }
}
