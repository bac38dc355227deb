import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { createJsonApiClient } from './jsonapi-client';

const JSONAPI = 'application/vnd.api+json';

describe('createJsonApiClient', () => {
  let server: Server;
  let origin: string;
  const answers = new Map<string, { status: number; body: unknown }>();
  const requested: { url: string; key: string | undefined }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requested.push({ url: req.url!, key: req.headers['x-api-key'] as string | undefined });
      const answer = answers.get(req.url!) ?? {
        status: 404,
        body: { errors: [{ status: '404' }] },
      };
      res.writeHead(answer.status, { 'content-type': JSONAPI });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const place = (attributes: Record<string, unknown>) => ({
    jsonapi: { version: '1.1' },
    links: { self: 'https://api.example.com/v1/places/world' },
    data: {
      type: 'places',
      id: 'world',
      attributes,
      links: { self: 'https://api.example.com/v1/places/world' },
    },
  });

  it('holds a documented path to its spec, and follows links of the public base URL', async () => {
    answers.set('/places/world', { status: 200, body: place({ bogus: 1 }) });
    const get = createJsonApiClient({
      origin,
      publicBaseUrl: 'https://api.example.com/v1',
      specs: [{ name: 'places' }],
      headers: { 'x-api-key': 'k' },
    });

    await expect(get('https://api.example.com/v1/places/world')).rejects.toThrow(
      /GET \/places\/\{id\} 200/,
    );
    expect(requested.at(-1)).toEqual({ url: '/places/world', key: 'k' });
  });

  it('holds every body to JSON:API 1.1, documented path or not, and answers what was said', async () => {
    answers.set('/undocumented', { status: 200, body: { data: { id: 'no type' } } });
    answers.set('/valid', { status: 201, body: place({ name: 'World' }) });
    const get = createJsonApiClient({ origin, specs: [{ name: 'places' }] });

    await expect(get('/undocumented')).rejects.toThrow();
    await expect(get('/valid')).resolves.toMatchObject({
      status: 201,
      body: { data: { attributes: { name: 'World' } } },
    });
  });

  it('strips a prefix before matching a spec', async () => {
    answers.set('/v1/news', { status: 200, body: place({}) });
    const get = createJsonApiClient({ origin, specs: [{ name: 'articles', prefix: '/v1' }] });

    await expect(get('/v1/news')).rejects.toThrow(/GET \/news 200/);
  });
});
