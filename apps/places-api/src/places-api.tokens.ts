export const PLACES_API_CONFIG = Symbol('PLACES_API_CONFIG');
export const PLACES_DB = Symbol('PLACES_DB');
