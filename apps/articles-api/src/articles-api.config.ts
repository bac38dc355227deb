import { Env } from '@waypost/shared/config';
import { ReadApiConfig, loadReadApiConfig } from '@waypost/shared/read-api';

export const ARTICLES_API_PORT = 3102;

export type ArticlesApiConfig = ReadApiConfig;

/** Reads articles-api's settings once, at boot; a bad value stops it with the variable's name. */
export function loadArticlesApiConfig(env: Env): ArticlesApiConfig {
  return loadReadApiConfig(env, ARTICLES_API_PORT);
}
