import { JsonApiError } from './jsonapi.errors';
import { hasNul } from './query.parser';

/**
 * A path id as a read service may look it up: one holding a NUL character (`/places/%00`) names
 * nothing PostgreSQL can store, so it is a 404 here instead of an encoding error (500) in SQL.
 */
export function pathId(id: string, what: string): string {
  if (hasNul(id)) {
    throw JsonApiError.notFound(`there is no ${what} with id ${JSON.stringify(id)}`);
  }
  return id;
}
