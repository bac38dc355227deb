export * from './lib/book.read-repository';
