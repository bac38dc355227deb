import { decodeCursor } from './cursor.codec';
import { FilterValueError } from './filter.parsers';
import { BadParameterCode, JsonApiError, JsonApiErrorList } from './jsonapi.errors';
import { Cursor, FilterValues, ParsedQuery, SingleResourceQuery, SortField } from './query.types';
import { ResourceSpec, pageSpecOf, specsByType } from './resource.definition';

/** The JSON:API query parameter families. */
export type QueryFamily = 'filter' | 'sort' | 'page' | 'fields' | 'include';

export interface ParseOptions {
  /** The families this endpoint accepts (default: all); any other parameter is a 400. */
  readonly parameters?: readonly QueryFamily[];
  /** Specs of the types that include paths reach, for `fields[type]` of included resources. */
  readonly related?: readonly ResourceSpec[];
}

const ALL_FAMILIES: readonly QueryFamily[] = ['filter', 'sort', 'page', 'fields', 'include'];
const BRACKETED = /^(filter|page|fields)\[([^[\]]+)\]$/;
const PAGE_SIZE = /^\d+$/;

interface PageParameters {
  size?: string;
  after?: string;
  before?: string;
}

/** The query string of a request URL (Fastify `request.url`), without the `?`. */
export function queryStringOf(url: string): string {
  const question = url.indexOf('?');
  return question < 0 ? '' : url.slice(question + 1);
}

/**
 * Parses and validates a raw query string (`page[size]` or `page%5Bsize%5D`) against a spec.
 * Throws JsonApiErrorList (400) naming every bad parameter in `source.parameter`: unknown,
 * repeated or empty parameters, unknown filters and bad filter values, unknown sort fields,
 * include paths, types or fields, a bad page size (over the max: `meta.page.maxSize`), a bad
 * cursor, or both `page[after]` and `page[before]`.
 */
export function parseJsonApiQuery<S extends ResourceSpec>(
  rawQuery: string,
  spec: S,
  options: ParseOptions = {},
): ParsedQuery<S> {
  const errors: JsonApiError[] = [];
  const bad: Complain = (parameter, code, detail, meta) =>
    errors.push(JsonApiError.badParameter(parameter, detail, { code, meta }));
  const families = new Set(options.parameters ?? ALL_FAMILIES);
  const specs = specsByType(spec, options.related);

  const filter: Record<string, unknown> = {};
  const fields: Record<string, string[]> = {};
  const pageParameters: PageParameters = {};
  let include: string[] = [];
  let requestedSort: SortField[] | undefined;

  for (const [name, values] of readParameters(rawQuery, bad)) {
    const bracketed = BRACKETED.exec(name);
    const family = (bracketed?.[1] ?? name) as QueryFamily;
    const member = bracketed?.[2] ?? '';
    if ((!bracketed && name !== 'sort' && name !== 'include') || !families.has(family)) {
      bad(name, 'unknown-parameter', `'${name}' is not a query parameter of this endpoint`);
      continue;
    }
    if (values.length > 1) {
      bad(name, 'repeated-parameter', `'${name}' may be given only once`);
      continue;
    }
    const [value] = values;
    if (value === '' && family !== 'fields') {
      bad(name, 'empty-parameter', `'${name}' needs a value`);
      continue;
    }
    switch (family) {
      case 'filter':
        parseFilter(name, member, value, spec, filter, bad);
        break;
      case 'sort':
        requestedSort = parseSort(value, spec, bad);
        break;
      case 'fields':
        parseFields(name, member, value, specs, fields, bad);
        break;
      case 'include':
        include = parseInclude(value, spec, bad);
        break;
      case 'page':
        if (member === 'size' || member === 'after' || member === 'before') {
          pageParameters[member] = value;
        } else {
          bad(
            name,
            'unknown-parameter',
            `'${name}' is not a page parameter: use page[size], page[after] or page[before]`,
          );
        }
        break;
    }
  }

  const sort = withTieBreaker(requestedSort ?? parseSortTerms(spec.defaultSort ?? []));
  // A cursor is bound to the sort: when the sort itself is wrong, that error is the one to report.
  const sortValid = !errors.some((error) => blames(error, 'sort'));
  const page = parsePage(pageParameters, spec, sortValid ? sort : undefined, bad);
  if (errors.length > 0) throw new JsonApiErrorList(errors);
  return { filter: filter as FilterValues<S>, sort, fields, include, page };
}

/** `fields[type]` and `include` only, for single-resource endpoints; anything else is a 400. */
export function parseSingleResourceQuery(
  rawQuery: string,
  spec: ResourceSpec,
  options: Pick<ParseOptions, 'related'> = {},
): SingleResourceQuery {
  const { fields, include } = parseJsonApiQuery(rawQuery, spec, {
    ...options,
    parameters: ['fields', 'include'],
  });
  return { fields, include };
}

type Complain = (
  parameter: string,
  code: BadParameterCode,
  detail: string,
  meta?: Record<string, unknown>,
) => void;

function blames(error: JsonApiError, parameter: string): boolean {
  return (
    error.source !== undefined &&
    'parameter' in error.source &&
    error.source.parameter === parameter
  );
}

// Decoded names with every value given for them; `+` is a space, as in any form-encoded query.
function readParameters(rawQuery: string, bad: Complain): Map<string, string[]> {
  const parameters = new Map<string, string[]>();
  for (const pair of rawQuery.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawName = equals < 0 ? pair : pair.slice(0, equals);
    const name = decode(rawName);
    const value = decode(equals < 0 ? '' : pair.slice(equals + 1));
    if (name === undefined || value === undefined) {
      bad(name ?? rawName, 'invalid-parameter', `'${rawName}' is not correctly percent-encoded`);
      continue;
    }
    // PostgreSQL text cannot hold NUL: refused here rather than failing in the query as a 500.
    if (hasNul(name) || hasNul(value)) {
      bad(name, 'invalid-parameter', `'${rawName}' contains a NUL character (%00)`);
      continue;
    }
    parameters.set(name, [...(parameters.get(name) ?? []), value]);
  }
  return parameters;
}

/** Whether text holds a NUL character, which no PostgreSQL text value can store. */
export function hasNul(text: string): boolean {
  return text.includes('\0');
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function parseFilter(
  name: string,
  member: string,
  value: string,
  spec: ResourceSpec,
  filter: Record<string, unknown>,
  bad: Complain,
): void {
  const parser =
    spec.filters && Object.hasOwn(spec.filters, member) ? spec.filters[member] : undefined;
  if (!parser) {
    const known = Object.keys(spec.filters ?? {});
    bad(name, 'unknown-filter', `'${member}' is not a filter of ${spec.type}${allowedList(known)}`);
    return;
  }
  try {
    filter[member] = parser(value);
  } catch (error) {
    if (!(error instanceof FilterValueError)) throw error;
    bad(name, 'invalid-filter-value', `${name}: ${error.message}`);
  }
}

function parseSort(value: string, spec: ResourceSpec, bad: Complain): SortField[] | undefined {
  const terms = value.split(',');
  const sortable = Object.keys(spec.sortable ?? {});
  let valid = true;
  terms.forEach((term, i) => {
    const field = term.startsWith('-') ? term.slice(1) : term;
    if (field === '') {
      bad('sort', 'invalid-parameter', 'sort has an empty field name');
    } else if (!sortable.includes(field)) {
      bad(
        'sort',
        'unknown-sort-field',
        `${spec.type} cannot be sorted by '${field}'${allowedList(sortable)}`,
      );
    } else if (terms.slice(0, i).some((other) => other.replace(/^-/, '') === field)) {
      bad('sort', 'invalid-parameter', `sort names '${field}' twice`);
    } else {
      return;
    }
    valid = false;
  });
  return valid ? parseSortTerms(terms) : undefined;
}

function parseSortTerms(terms: readonly string[]): SortField[] {
  return terms.map((term) =>
    term.startsWith('-')
      ? { field: term.slice(1), direction: 'desc' }
      : { field: term, direction: 'asc' },
  );
}

// The order must be total, so the id breaks ties unless the client already sorts by it.
function withTieBreaker(sort: SortField[]): SortField[] {
  return sort.some(({ field }) => field === 'id')
    ? sort
    : [...sort, { field: 'id', direction: 'asc' }];
}

function parseFields(
  name: string,
  type: string,
  value: string,
  specs: ReadonlyMap<string, ResourceSpec>,
  fields: Record<string, string[]>,
  bad: Complain,
): void {
  const spec = specs.get(type);
  if (!spec) {
    bad(
      name,
      'unknown-type',
      `'${type}' is not a resource type of this endpoint${allowedList([...specs.keys()])}`,
    );
    return;
  }
  // An empty fieldset is valid JSON:API: only type and id.
  const requested = value === '' ? [] : value.split(',');
  const known = [...spec.attributes, ...Object.keys(spec.relationships ?? {})];
  let valid = true;
  for (const field of requested) {
    if (field === '') {
      bad(name, 'invalid-parameter', `${name} has an empty field name`);
      valid = false;
    } else if (!known.includes(field)) {
      bad(name, 'unknown-field', `'${field}' is not a field of ${type}${allowedList(known)}`);
      valid = false;
    }
  }
  if (valid) fields[type] = [...new Set(requested)];
}

function parseInclude(value: string, spec: ResourceSpec, bad: Complain): string[] {
  const paths = value.split(',');
  const allowed = spec.includes ?? [];
  for (const path of paths) {
    if (path === '') {
      bad('include', 'invalid-parameter', 'include has an empty path');
    } else if (!allowed.includes(path)) {
      bad(
        'include',
        'unknown-include-path',
        `'${path}' cannot be included with ${spec.type}${allowedList(allowed)}`,
      );
    }
  }
  return [...new Set(paths)];
}

function parsePage(
  parameters: PageParameters,
  spec: ResourceSpec,
  sort: readonly SortField[] | undefined,
  bad: Complain,
): ParsedQuery['page'] {
  const { defaultSize, maxSize } = pageSpecOf(spec);
  let size = defaultSize;
  if (parameters.size !== undefined) {
    const requested = PAGE_SIZE.test(parameters.size) ? Number(parameters.size) : NaN;
    if (!(requested >= 1)) {
      bad(
        'page[size]',
        'invalid-page-size',
        `page[size] must be a positive integer; got '${parameters.size}'`,
      );
    } else if (requested > maxSize) {
      bad(
        'page[size]',
        'max-page-size-exceeded',
        `You requested a size of ${requested}, but ${maxSize} is the maximum.`,
        {
          page: { maxSize },
        },
      );
    } else {
      size = requested;
    }
  }
  if (parameters.after !== undefined && parameters.before !== undefined) {
    bad(
      'page[before]',
      'range-pagination-not-supported',
      'page[after] and page[before] cannot be combined',
    );
    return { size };
  }
  const direction = parameters.after !== undefined ? 'after' : 'before';
  const raw = parameters[direction];
  if (raw === undefined || sort === undefined) return { size };
  const cursor: Cursor | undefined = decodeCursor(raw, sort, spec);
  if (!cursor) {
    bad(
      `page[${direction}]`,
      'invalid-cursor',
      `page[${direction}] is not a cursor this endpoint issued for this sort`,
    );
    return { size };
  }
  return { size, [direction]: cursor };
}

function allowedList(names: readonly string[]): string {
  return names.length > 0 ? ` (allowed: ${names.join(', ')})` : '';
}
