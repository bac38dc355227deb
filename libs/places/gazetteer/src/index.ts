export * from './lib/gazetteer';
export * from './lib/city-grid';
export { DEFAULT_COASTAL_RADIUS_M } from './lib/coastal.fallback';
export * from './lib/mention.resolver';
export * from './lib/text.mentions';
export * from './lib/place.directory';
/** The tables a gazetteer reads (the places schema), for datasets that only resolve places. */
export type { PlacesDatabase as GazetteerDatabase } from '@waypost/places/schema';
