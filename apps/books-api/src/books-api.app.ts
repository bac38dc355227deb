import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BOOKS_SCHEMA } from '@waypost/books/schema';
import { BookReadRepository } from '@waypost/books/data-access/read';
import { PlaceDirectory } from '@waypost/places/gazetteer';
import { ReadApiModule, createReadApiApp } from '@waypost/shared/read-api';
import { BooksApiConfig } from './books-api.config';
import { booksRoutes } from './books.routes';
import { BooksService } from './books.service';

export const BOOKS_API_SERVICE = 'books-api';

/** Builds the books-api Nest application (main.ts listens; tests listen on port 0). */
export function createBooksApi(config: BooksApiConfig): Promise<NestFastifyApplication> {
  return createReadApiApp(
    ReadApiModule.forRoot({
      service: BOOKS_API_SERVICE,
      schema: BOOKS_SCHEMA,
      config,
      // `include=places` reads the places through the gazetteer's directory, over the same pool.
      repositories: [BookReadRepository, PlaceDirectory],
      services: [BooksService],
      routes: booksRoutes,
    }),
  );
}
