export const PLACES_DB = Symbol('PLACES_DB');
