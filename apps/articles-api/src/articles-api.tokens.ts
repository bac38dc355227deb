export const ARTICLES_API_CONFIG = Symbol('ARTICLES_API_CONFIG');
export const ARTICLES_DB = Symbol('ARTICLES_DB');
