export * from './lib/article.write-repository';
