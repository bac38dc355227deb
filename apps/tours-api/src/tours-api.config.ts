import { Env } from '@waypost/shared/config';
import { ReadApiConfig, loadReadApiConfig } from '@waypost/shared/read-api';

export const TOURS_API_PORT = 3104;

export type ToursApiConfig = ReadApiConfig;

/** Reads tours-api's settings once, at boot; a bad value stops it with the variable's name. */
export function loadToursApiConfig(env: Env): ToursApiConfig {
  return loadReadApiConfig(env, TOURS_API_PORT);
}
