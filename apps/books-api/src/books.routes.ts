import { ReadRoute } from '@waypost/shared/read-api';
import { BooksService } from './books.service';

/** The books-api routes (served by the shared ReadRouter). */
export function booksRoutes(books: BooksService): ReadRoute[] {
  return [
    { path: '/books', handle: ({ url }) => books.list(url) },
    { path: '/books/:id', handle: ({ params, url }) => books.get(params['id'], url) },
  ];
}
