export const ARTICLES_DB = Symbol('ARTICLES_DB');
