import { BookWriteRepository } from '@waypost/books/data-access/write';
import { Gazetteer } from '@waypost/places/gazetteer';

/** What every source of books-sync is built on. */
export interface BooksSourceDeps {
  readonly gazetteer: Gazetteer;
  readonly repository: BookWriteRepository;
}
