import { Env } from '@waypost/shared/config';
import { ReadApiConfig, loadReadApiConfig } from '@waypost/shared/read-api';

export const BOOKS_API_PORT = 3105;

export type BooksApiConfig = ReadApiConfig;

/** Reads books-api's settings once, at boot; a bad value stops it with the variable's name. */
export function loadBooksApiConfig(env: Env): BooksApiConfig {
  return loadReadApiConfig(env, BOOKS_API_PORT);
}
