import { Env } from '@waypost/shared/config';
import { ReadApiConfig, loadReadApiConfig } from '@waypost/shared/read-api';

export const LODGINGS_API_PORT = 3103;

export type LodgingsApiConfig = ReadApiConfig;

/** Reads lodgings-api's settings once, at boot; a bad value stops it with the variable's name. */
export function loadLodgingsApiConfig(env: Env): LodgingsApiConfig {
  return loadReadApiConfig(env, LODGINGS_API_PORT);
}
