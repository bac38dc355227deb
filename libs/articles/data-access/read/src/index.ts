export * from './lib/article.read-repository';
