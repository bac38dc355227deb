export * from './lib/book.write-repository';
