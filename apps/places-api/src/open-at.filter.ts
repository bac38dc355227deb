import { FilterParser, FilterValueError, filterValue } from '@waypost/shared/jsonapi';

const isoDate = filterValue.isoDate();

/**
 * `filter[openAt]`: an ISO 8601 date-time with `Z` or an offset (a moment, not a day); points of
 * interest open at that moment in their own local time, overnight hours included.
 */
export const openAtFilter: FilterParser<Date> = (raw) => {
  if (!raw.includes('T')) {
    throw new FilterValueError(
      `expected an ISO 8601 date-time with Z or an offset (e.g. 2026-12-04T23:30:00Z); got '${raw}'`,
    );
  }
  return isoDate(raw);
};
