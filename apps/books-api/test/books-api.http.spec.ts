import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BooksDatabase } from '@waypost/books/schema';
import { BookWrite, BookWriteRepository } from '@waypost/books/data-access/write';
import { seedFixturePlaces } from '@waypost/places/testing';
import {
  JsonApiAnswer,
  JsonApiGet,
  TestDatabase,
  createJsonApiClient,
  createTestDatabase,
} from '@waypost/shared/testing';
import { loadBooksApiConfig } from '../src/books-api.config';
import { createBooksApi } from '../src/books-api.app';

// Links are built on the public base URL (the gateway's /v1 in a deployment), not on the socket.
const PUBLIC_BASE_URL = 'https://api.waypost.test/v1';
const BERLIN = ['world', 'continent-eu', 'country-de', 'region-de-16', 'city-2950159'];
const PARIS = ['world', 'continent-eu', 'country-fr', 'region-fr-11', 'city-2988507'];
const PARIS_TX = ['world', 'continent-na', 'country-us', 'region-us-tx', 'city-4717560'];

type Seed = Partial<BookWrite> & Pick<BookWrite, 'sourceId' | 'title'>;
const book = (s: Seed): BookWrite => ({
  id: `onix-${s.sourceId}`,
  source: 'onix',
  isbn13: '9781000000016',
  subtitle: null,
  contributors: JSON.stringify([{ name: 'Ana Sousa', role: 'A01' }]),
  format: 'print',
  formatDetail: 'paperback',
  language: 'eng',
  publisher: 'Waypost Press',
  publishedAt: new Date('2025-03-01T00:00:00Z'),
  description: '<p>A book.</p>',
  price: '14.99',
  currency: 'EUR',
  prices: JSON.stringify([{ amount: '14.99', currency: 'EUR', includesTax: true }]),
  availability: 'available',
  qualifierPlaceIds: [],
  mentionPlaceIds: [],
  directPlaceIds: [],
  placeIds: [],
  sourceUpdatedAt: new Date('2026-03-01T09:00:00Z'),
  contentHash: s.sourceId,
  ...s,
});

/** Five books: titles sort as listed; prices 9.99 < 14.99 < 16.50 and 7.50 USD, one none. */
const ROWS: BookWrite[] = [
  book({
    sourceId: 'b1',
    title: 'Berlin Pocket Guide',
    subtitle: 'Mitte, Kreuzberg & beyond',
    qualifierPlaceIds: ['country-de', 'region-de-16'],
    mentionPlaceIds: ['city-2950159'],
    directPlaceIds: ['country-de', 'region-de-16', 'city-2950159'],
    placeIds: BERLIN,
  }),
  book({
    sourceId: 'b2',
    title: 'Berlin Pocket Guide (EPUB)',
    format: 'ebook',
    formatDetail: 'epub',
    price: '9.99',
    publishedAt: new Date('2025-06-01T00:00:00Z'),
    qualifierPlaceIds: ['country-de'],
    mentionPlaceIds: ['city-2950159'],
    directPlaceIds: ['country-de', 'city-2950159'],
    placeIds: BERLIN,
  }),
  book({
    sourceId: 'b3',
    title: 'Packing Light',
    price: null,
    currency: null,
    prices: '[]',
    publishedAt: new Date('2020-01-15T00:00:00Z'),
  }),
  book({
    sourceId: 'b4',
    title: 'Paris in Spring',
    language: 'fre',
    price: '16.50',
    publishedAt: new Date('2024-09-15T00:00:00Z'),
    qualifierPlaceIds: ['country-fr'],
    mentionPlaceIds: ['city-2988507'],
    directPlaceIds: ['country-fr', 'city-2988507'],
    placeIds: PARIS,
  }),
  book({
    sourceId: 'b5',
    title: 'Paris, Texas: A Small-Town Road Trip',
    format: 'ebook',
    formatDetail: 'pdf',
    price: '7.50',
    currency: 'USD',
    availability: 'unavailable',
    publishedAt: new Date('2026-01-10T00:00:00Z'),
    qualifierPlaceIds: ['country-us'],
    mentionPlaceIds: ['city-4717560', 'region-us-tx'],
    directPlaceIds: ['country-us', 'city-4717560', 'region-us-tx'],
    placeIds: PARIS_TX,
  }),
];

describe('books-api over HTTP', () => {
  let database: TestDatabase<BooksDatabase>;
  let app: NestFastifyApplication;
  let get: JsonApiGet;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedFixturePlaces(database.url);
    await database.db.transaction().execute((trx) => new BookWriteRepository().upsert(trx, ROWS));
    app = await createBooksApi(
      loadBooksApiConfig({ DATABASE_URL: database.url, PUBLIC_BASE_URL, LOG_LEVEL: 'silent' }),
    );
    await app.listen(0, '127.0.0.1');
    // Every answer is held to JSON:API 1.1 and to openapi/books.yaml.
    get = createJsonApiClient({
      origin: await app.getUrl(),
      publicBaseUrl: PUBLIC_BASE_URL,
      specs: [{ name: 'books' }],
    });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const ids = (answer: JsonApiAnswer): string[] =>
    answer.body.data.map((r: { id: string }) => r.id.replace('onix-', ''));

  it('lists books by title, each at its own self link, with every attribute', async () => {
    const list = await get('/books');
    expect(list.status).toBe(200);
    expect(ids(list)).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    expect(list.body.meta).toEqual({ page: { total: 5 } });
    const one = await get(list.body.data[0].links.self);
    expect(one.body.data.attributes).toEqual({
      isbn13: '9781000000016',
      title: 'Berlin Pocket Guide',
      subtitle: 'Mitte, Kreuzberg & beyond',
      contributors: [{ name: 'Ana Sousa', role: 'A01' }],
      format: 'print',
      formatDetail: 'paperback',
      language: 'eng',
      publisher: 'Waypost Press',
      publishedAt: '2025-03-01',
      description: '<p>A book.</p>',
      price: { amount: '14.99', currency: 'EUR' },
      prices: [{ amount: '14.99', currency: 'EUR', includesTax: true }],
      availability: 'available',
      placesFoundBy: { qualifier: ['country-de', 'region-de-16'], mention: ['city-2950159'] },
      updatedAt: '2026-03-01T09:00:00.000Z',
    });
    const texas = await get('/books/onix-b5');
    expect(texas.body.data.attributes.price).toEqual({ amount: '7.50', currency: 'USD' });
    expect((await get('/books/onix-b3')).body.data.attributes.price).toBeNull();
  });

  it('finds books about a place and every place above it (the roll-up), and only there', async () => {
    expect(ids(await get('/books?filter[place]=city-2950159'))).toEqual(['b1', 'b2']);
    expect(ids(await get('/books?filter[place]=continent-eu'))).toEqual(['b1', 'b2', 'b4']);
    expect(ids(await get('/books?filter[place]=region-us-tx'))).toEqual(['b5']);
    expect(ids(await get('/books?filter[place]=country-pt'))).toEqual([]);
  });

  it('filters by format, language, publication date and title words, together with the roll-up', async () => {
    expect(ids(await get('/books?filter[format]=ebook'))).toEqual(['b2', 'b5']);
    expect(ids(await get('/books?filter[language]=fre'))).toEqual(['b4']);
    expect(ids(await get('/books?filter[publishedAfter]=2025-03-01'))).toEqual(['b2', 'b5']);
    expect(ids(await get('/books?filter[q]=pocket%20GUIDE'))).toEqual(['b1', 'b2']);
    expect(ids(await get('/books?filter[q]=paris'))).toEqual(['b4', 'b5']);
    expect(ids(await get('/books?filter[q]=guides'))).toEqual([]);
    const both = await get('/books?filter[place]=continent-eu&filter[format]=print');
    expect(ids(both)).toEqual(['b1', 'b4']);
    expect(both.body.meta).toEqual({ page: { total: 2 } });
  });

  it('sorts by title, publication date and price, and pages with cursors', async () => {
    expect(ids(await get('/books?sort=-publishedAt'))).toEqual(['b5', 'b2', 'b1', 'b4', 'b3']);
    // Without a price a book sorts as the cheapest.
    expect(ids(await get('/books?sort=price'))).toEqual(['b3', 'b5', 'b2', 'b1', 'b4']);
    const first = await get('/books?filter[place]=world&sort=-price&page[size]=2');
    expect(ids(first)).toEqual(['b4', 'b1']);
    expect(ids(await get(first.body.links.next))).toEqual(['b2', 'b5']);
    const byDate = await get('/books?sort=publishedAt&page[size]=3');
    expect(ids(byDate)).toEqual(['b3', 'b4', 'b1']);
    expect(ids(await get(byDate.body.links.next))).toEqual(['b2', 'b5']);
  });

  it('relates a book to the places it is about and includes them', async () => {
    const answer = await get('/books/onix-b1?include=places');
    expect(answer.body.data.relationships.places.data).toEqual([
      { type: 'places', id: 'country-de' },
      { type: 'places', id: 'region-de-16' },
      { type: 'places', id: 'city-2950159' },
    ]);
    expect(answer.body.included.map((p: { id: string }) => p.id).sort()).toEqual([
      'city-2950159',
      'country-de',
      'region-de-16',
    ]);
  });

  it.each([
    ['/books?filter[nope]=1', 'filter[nope]'],
    ['/books?filter[place.direct]=country-de', 'filter[place.direct]'],
    ['/books?filter[format]=audio', 'filter[format]'],
    ['/books?filter[language]=english', 'filter[language]'],
    ['/books?filter[publishedAfter]=yesterday', 'filter[publishedAfter]'],
    ['/books?filter[q]=%20!!', 'filter[q]'],
    ['/books?filter[q]=paris%00', 'filter[q]'],
    ['/books?filter[place]=country-de%00', 'filter[place]'],
    ['/books?sort=isbn13', 'sort'],
    ['/books?page[size]=1000', 'page[size]'],
    ['/books?include=publisher', 'include'],
  ])('answers %s with a 400 naming %s', async (path, parameter) => {
    const answer = await get(path);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].source).toEqual({ parameter });
  });

  it('answers an unknown id with a 404', async () => {
    expect((await get('/books/nope')).status).toBe(404);
    expect((await get('/books/onix-b1%00')).status).toBe(404);
  });
});
