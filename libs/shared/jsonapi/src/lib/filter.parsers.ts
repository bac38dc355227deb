/** Thrown by a filter parser for a value it rejects; the message becomes the 400 error's detail. */
export class FilterValueError extends Error {
  override readonly name = 'FilterValueError';
}

/** Turns the raw (decoded, non-empty) value of `filter[name]` into a typed value, or throws FilterValueError. */
export type FilterParser<T> = (raw: string) => T;

/** A point given as `lat,lng` (e.g. `52.52,13.405`). */
export interface LatLng {
  lat: number;
  lng: number;
}

const DECIMAL = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const INTEGER = /^[-+]?\d+$/;
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/;

function string(maxLength = 200): FilterParser<string> {
  return (raw) => {
    if (raw.length > maxLength) throw new FilterValueError(`at most ${maxLength} characters`);
    return raw;
  };
}

function oneOf<const T extends string>(values: readonly T[]): FilterParser<T> {
  return (raw) => {
    if (!(values as readonly string[]).includes(raw)) {
      throw new FilterValueError(`expected one of ${values.join(', ')}; got '${raw}'`);
    }
    return raw as T;
  };
}

function int(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): FilterParser<number> {
  return (raw) => {
    const value = Number(raw);
    if (!INTEGER.test(raw) || !Number.isSafeInteger(value)) {
      throw new FilterValueError(`expected an integer; got '${raw}'`);
    }
    return inRange(value, min, max);
  };
}

function number(min = -Infinity, max = Infinity): FilterParser<number> {
  return (raw) => {
    if (!DECIMAL.test(raw)) throw new FilterValueError(`expected a number; got '${raw}'`);
    return inRange(Number(raw), min, max);
  };
}

function boolean(): FilterParser<boolean> {
  return (raw) => {
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    throw new FilterValueError(`expected true or false; got '${raw}'`);
  };
}

function latLng(): FilterParser<LatLng> {
  return (raw) => {
    const parts = raw.split(',');
    if (parts.length !== 2 || !parts.every((part) => DECIMAL.test(part.trim()))) {
      throw new FilterValueError(`expected latitude,longitude (e.g. 52.52,13.405); got '${raw}'`);
    }
    const [lat, lng] = parts.map(Number);
    if (lat < -90 || lat > 90) throw new FilterValueError('latitude must be between -90 and 90');
    if (lng < -180 || lng > 180) {
      throw new FilterValueError('longitude must be between -180 and 180');
    }
    return { lat, lng };
  };
}

function isoDate(): FilterParser<Date> {
  return (raw) => {
    const match = ISO_DATE.exec(raw);
    const date = new Date(match && match[4] === undefined ? `${raw}T00:00:00Z` : raw);
    if (!match || Number.isNaN(date.getTime()) || !validFields(match)) {
      throw new FilterValueError(
        `expected an ISO 8601 date or date-time (e.g. 2024-05-01 or 2024-05-01T12:00:00Z); got '${raw}'`,
      );
    }
    return date;
  };
}

function list<T>(item: FilterParser<T>, maxItems = 50): FilterParser<T[]> {
  return (raw) => {
    const items = raw.split(',');
    if (items.length > maxItems) throw new FilterValueError(`at most ${maxItems} values`);
    if (items.some((value) => value === '')) {
      throw new FilterValueError('expected a comma-separated list without empty values');
    }
    return items.map((value) => item(value));
  };
}

/**
 * Reusable filter parsers for ResourceSpec.filters, e.g.
 * `{ level: filterValue.enum(LEVELS), near: filterValue.latLng(), radius: filterValue.int(1, 50_000) }`.
 */
export const filterValue = {
  /** Any non-empty string up to `maxLength` (default 200) characters. */
  string,
  /** One of the listed values. */
  enum: oneOf,
  /** A base-10 integer within [min, max]. */
  int,
  /** A decimal number within [min, max]. */
  number,
  /** `true` or `false`. */
  boolean,
  /** `lat,lng` in degrees -> `{lat, lng}`. */
  latLng,
  /** `YYYY-MM-DD` (UTC midnight) or an ISO date-time with `Z` or an offset -> Date. */
  isoDate,
  /** A comma-separated list, each value parsed by `item` (e.g. `list(string())`). */
  list,
} as const;

function inRange(value: number, min: number, max: number): number {
  if (value < min || value > max) {
    throw new FilterValueError(`must be between ${min} and ${max}; got ${value}`);
  }
  return value;
}

// Date accepts 2024-02-30 by rolling over and 24:00 by wrapping; a real date has none of that.
function validFields(match: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  const calendar = new Date(Date.UTC(year, month - 1, day));
  return (
    calendar.getUTCMonth() === month - 1 &&
    calendar.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    offsetHours < 24 &&
    offsetMinutes < 60
  );
}
