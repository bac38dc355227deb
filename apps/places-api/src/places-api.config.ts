import { Env } from '@waypost/shared/config';
import { ReadApiConfig, loadReadApiConfig } from '@waypost/shared/read-api';

export const PLACES_API_PORT = 3101;

export type PlacesApiConfig = ReadApiConfig;

/** Reads places-api's settings once, at boot; a bad value stops it with the variable's name. */
export function loadPlacesApiConfig(env: Env): PlacesApiConfig {
  return loadReadApiConfig(env, PLACES_API_PORT);
}
