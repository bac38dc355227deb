import { get } from 'node:http';
import { SaxesParser } from 'saxes';
import { isValidIsbn13 } from './isbn.util';
import { OnixCatalogue, onixBaseFromProducts } from './onix.catalogue';
import { OnixFeedStandIn, startOnixFeedStandIn } from './onix-feed.stand-in';
import {
  ONIX_FIXTURE_CREDENTIALS,
  ONIX_FIXTURE_PRODUCTS,
  onixFixtureProducts,
} from './onix.fixture';
import { OnixBaseCatalogue, OnixProduct } from './onix.types';

/** What the tests read of each `<Product>`. */
interface ParsedProduct {
  datestamp: string;
  recordReference: string;
  notification: string;
  isbn: string;
  form: string | null;
  title: string | null;
  subjects: { scheme: string; code: string | null; text: string | null }[];
  description: string | null;
  prices: { amount: string; currency: string }[];
}

/** A streaming reader of the feed: saxes over the response body, chunk by chunk. */
class FeedReader {
  readonly products: ParsedProduct[] = [];
  error: Error | null = null;
  ended = false;
  private readonly parser = new SaxesParser({ xmlns: true });
  private readonly path: string[] = [];
  private text = '';
  private current: ParsedProduct | null = null;
  private subject: ParsedProduct['subjects'][number] | null = null;
  private price: { amount: string; currency: string } | null = null;

  constructor() {
    this.parser.on('error', (error) => {
      this.error ??= error;
    });
    this.parser.on('opentag', (tag) => {
      this.path.push(tag.local);
      this.text = '';
      if (tag.local === 'Product') {
        this.current = {
          datestamp: String(tag.attributes['datestamp']?.value ?? ''),
          recordReference: '',
          notification: '',
          isbn: '',
          form: null,
          title: null,
          subjects: [],
          description: null,
          prices: [],
        };
      }
      if (tag.local === 'Subject') this.subject = { scheme: '', code: null, text: null };
      if (tag.local === 'Price') this.price = { amount: '', currency: '' };
    });
    this.parser.on('text', (text) => (this.text += text));
    this.parser.on('cdata', (text) => (this.text += text));
    this.parser.on('closetag', (tag) => {
      this.path.pop();
      const p = this.current;
      const text = this.text;
      if (!p) return;
      switch (tag.local) {
        case 'RecordReference':
          p.recordReference = text;
          break;
        case 'NotificationType':
          p.notification = text;
          break;
        case 'IDValue':
          p.isbn = text;
          break;
        case 'ProductForm':
          p.form = text;
          break;
        case 'TitleText':
          p.title = text;
          break;
        case 'Text':
          p.description = text;
          break;
        case 'SubjectSchemeIdentifier':
          this.subject!.scheme = text;
          break;
        case 'SubjectCode':
          this.subject!.code = text;
          break;
        case 'SubjectHeadingText':
          this.subject!.text = text;
          break;
        case 'Subject':
          p.subjects.push(this.subject!);
          break;
        case 'PriceAmount':
          this.price!.amount = text;
          break;
        case 'CurrencyCode':
          this.price!.currency = text;
          break;
        case 'Price':
          p.prices.push(this.price!);
          break;
        case 'Product':
          this.products.push(p);
          this.current = null;
      }
      this.text = '';
    });
    this.parser.on('end', () => (this.ended = true));
  }

  write(chunk: string): void {
    this.parser.write(chunk);
  }

  close(): void {
    try {
      this.parser.close();
    } catch (error) {
      this.error ??= error as Error;
    }
  }
}

const AUTH = `Basic ${Buffer.from(`${ONIX_FIXTURE_CREDENTIALS.username}:${ONIX_FIXTURE_CREDENTIALS.password}`).toString('base64')}`;

/** Fetches a feed and parses it as it arrives; a dropped connection ends the read too. */
async function readFeed(
  url: string,
  authorization = AUTH,
): Promise<{ status: number; reader: FeedReader; body: string; networkError: boolean }> {
  const res = await fetch(url, { headers: { authorization } });
  const reader = new FeedReader();
  let body = '';
  let networkError = false;
  if (res.status !== 200)
    return { status: res.status, reader, body: await res.text(), networkError };
  const decoder = new TextDecoder();
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const text = decoder.decode(chunk, { stream: true });
      if (body.length < 200_000) body += text;
      reader.write(text);
    }
  } catch {
    networkError = true;
  }
  reader.close();
  return { status: res.status, reader, body, networkError };
}

const refs = (products: readonly ParsedProduct[]) => products.map((p) => p.recordReference);
const F = ONIX_FIXTURE_PRODUCTS;

describe('ONIX feed stand-in', () => {
  let standIn: OnixFeedStandIn;
  let catalogue: OnixCatalogue;
  let now: Date;

  beforeEach(async () => {
    now = new Date('2026-04-01T00:00:00Z');
    catalogue = new OnixCatalogue(onixBaseFromProducts(onixFixtureProducts()), () => now);
    standIn = await startOnixFeedStandIn({
      catalogue,
      ...ONIX_FIXTURE_CREDENTIALS,
      now: () => now,
    });
  });

  afterEach(async () => {
    await standIn.close();
  });

  const full = () => readFeed(`${standIn.url}/feeds/onix/full`);
  const delta = (since: string) =>
    readFeed(`${standIn.url}/feeds/onix?since=${encodeURIComponent(since)}`);

  it('refuses requests without the right basic auth credentials', async () => {
    const none = await fetch(`${standIn.url}/feeds/onix/full`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const wrong = await readFeed(
      `${standIn.url}/feeds/onix/full`,
      `Basic ${Buffer.from('waypost:nope').toString('base64')}`,
    );
    expect(wrong.status).toBe(401);
    expect(standIn.feed.stats().unauthorized).toBe(2);
  });

  it('serves the full catalogue as one ONIX 3.0 message, bad records included', async () => {
    const { status, reader, body } = await full();

    expect(status).toBe(200);
    expect(reader.error).toBeNull();
    expect(body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<ONIXMessage release="3.0"/);
    expect(body).toContain('<Header><Sender><SenderName>Waypost Travel Shop</SenderName>');
    expect(body).toContain('<SentDateTime>20260401T000000Z</SentDateTime>');
    expect(reader.products).toHaveLength(9);
    expect(reader.products.every((p) => p.notification === '03')).toBe(true);

    const byRef = new Map(reader.products.map((p) => [p.recordReference, p]));
    const berlin = byRef.get(F.berlinGuide.recordReference)!;
    expect(berlin.datestamp).toBe('20260301T090000Z');
    expect(berlin.form).toBe('BC');
    expect(berlin.subjects).toEqual([
      { scheme: '93', code: 'WTH', text: null },
      { scheme: '94', code: '1DFG', text: null },
      { scheme: '94', code: '1DFG-DE-BE', text: null },
      { scheme: '20', code: null, text: 'Berlin; street food; museums' },
    ]);
    expect(berlin.prices).toEqual([
      { amount: '14.99', currency: 'EUR' },
      { amount: '12.99', currency: 'GBP' },
    ]);
    expect(isValidIsbn13(berlin.isbn)).toBe(true);
    expect(isValidIsbn13(byRef.get(F.badIsbn.recordReference)!.isbn)).toBe(false);
    expect(byRef.get(F.noTitle.recordReference)!.title).toBeNull();
    expect(body).toMatch(
      /<RecordReference>waypost-shop-000009<\/RecordReference>.*?<ProductForm>BC<\/ProductForm><Contributor>/,
    );
  });

  it('carries XHTML descriptions in CDATA or escaped, with entities, read back intact', async () => {
    const { reader, body } = await full();
    const fixtures = new Map(onixFixtureProducts().map((p) => [p.recordReference, p]));
    const byRef = new Map(reader.products.map((p) => [p.recordReference, p]));

    for (const handle of [
      'berlinGuide',
      'berlinGuideEpub',
      'parisSpring',
      'lisbonTrams',
    ] as const) {
      const ref = F[handle].recordReference;
      expect(byRef.get(ref)!.description).toBe(fixtures.get(ref)!.descriptionXhtml);
    }
    expect(body).toContain('<![CDATA[<p>Walks from the <b>Brandenburg Gate</b>');
    expect(body).toContain(
      '&lt;p&gt;The e-book edition: &lt;i&gt;searchable&lt;/i&gt; &amp;amp; light.',
    );
    // A "]]>" inside a description is split across two CDATA sections.
    expect(body).toContain('<!-- ]]]]><![CDATA[> -->');
    expect(byRef.get(F.berlinGuide.recordReference)!.title).toBe('Berlin Pocket Guide');
    expect(body).toContain('<Subtitle>Mitte, Kreuzberg &amp; beyond</Subtitle>');
  });

  it('answers the products changed since a time, oldest first, the boundary included', async () => {
    const { reader } = await delta('2026-03-05T12:00:00Z');
    expect(refs(reader.products)).toEqual([
      F.lisbonTrams.recordReference,
      F.packingLight.recordReference,
      F.badIsbn.recordReference,
      F.noTitle.recordReference,
    ]);
    // An offset is read as such: 14:00+02:00 is 12:00Z.
    expect(refs((await delta('2026-03-05T14:00:00+02:00')).reader.products)).toHaveLength(4);
    expect((await delta('2026-04-01T00:00:00Z')).reader.products).toEqual([]);
  });

  it('refuses a missing or malformed since', async () => {
    for (const url of [
      '/feeds/onix',
      '/feeds/onix?since=yesterday',
      '/feeds/onix?since=2026-13-45',
    ]) {
      const res = await readFeed(`${standIn.url}${url}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatch(/^since must be an ISO 8601 date-time/);
    }
    expect((await readFeed(`${standIn.url}/feeds/onix/full?page=2`)).status).toBe(400);
    expect((await readFeed(`${standIn.url}/feeds/nothing`)).status).toBe(404);
  });

  it('sends updates as the product now is, deletions as 05, and vanishings not at all', async () => {
    now = new Date('2026-04-02T10:00:00Z');
    catalogue.update(F.hamburgWalks.recordReference, { title: 'Hamburg Harbour Walks (2nd ed.)' });
    now = new Date('2026-04-02T11:00:00Z');
    expect(catalogue.delete(F.parisSpring.recordReference)).toBe(true);
    expect(catalogue.vanish(F.packingLight.recordReference)).toBe(true);
    now = new Date('2026-04-02T12:00:00Z');
    catalogue.upsert({ ...onixFixtureProducts()[0]!, recordReference: 'waypost-shop-000100' });

    const changes = (await delta('2026-04-02T00:00:00Z')).reader.products;
    expect(changes.map((p) => [p.recordReference, p.notification, p.datestamp])).toEqual([
      [F.hamburgWalks.recordReference, '03', '20260402T100000Z'],
      [F.parisSpring.recordReference, '05', '20260402T110000Z'],
      ['waypost-shop-000100', '03', '20260402T120000Z'],
    ]);
    expect(changes[0]!.title).toBe('Hamburg Harbour Walks (2nd ed.)');
    expect(changes[1]!.isbn).toBe(onixFixtureProducts()[3]!.isbn13);

    // From the start, the edited product comes once, at its new place in time.
    const everything = refs((await delta('2000-01-01')).reader.products);
    expect(everything.filter((r) => r === F.hamburgWalks.recordReference)).toHaveLength(1);
    expect(everything).not.toContain(F.packingLight.recordReference);
    expect(everything.at(-1)).toBe('waypost-shop-000100');

    const catalogueNow = refs((await full()).reader.products);
    expect(catalogueNow).toHaveLength(8);
    expect(catalogueNow).not.toContain(F.parisSpring.recordReference);
    expect(catalogueNow).not.toContain(F.packingLight.recordReference);
    expect(catalogueNow).toContain('waypost-shop-000100');
    expect(catalogue.liveCount()).toBe(8);
  });

  it('cuts a feed off halfway through a product: the XML ends unclosed', async () => {
    standIn.feed.cutOff(3, { feed: 'full' });
    const cut = await full();
    expect(cut.reader.products).toHaveLength(3);
    expect(cut.reader.error?.message).toMatch(/unclosed tag/);
    expect(cut.networkError).toBe(false);

    // Once only: the next read is whole.
    const whole = await full();
    expect(whole.reader.products).toHaveLength(9);
    expect(whole.reader.error).toBeNull();
  });

  it('can drop the connection mid-product instead', async () => {
    standIn.feed.cutOff(2, { reset: true });
    const cut = await delta('2000-01-01');
    expect(cut.reader.products.length).toBeLessThanOrEqual(2);
    expect(cut.reader.error ?? cut.networkError).toBeTruthy();
  });

  it('injects malformed XML mid-stream', async () => {
    standIn.feed.malform(4, { feed: 'delta' });
    const broken = await delta('2000-01-01');
    expect(broken.reader.error?.message).toMatch(/unexpected close tag/);
    expect(broken.reader.products.slice(0, 4)).toHaveLength(4);
    expect(broken.body).toContain('</RecordRef>');
    expect((await full()).reader.error).toBeNull();
  });

  it('answers an injected status instead of a feed', async () => {
    standIn.feed.inject({ kind: 'status', status: 503 }, { times: 2 });
    expect((await full()).status).toBe(503);
    expect((await delta('2026-01-01')).status).toBe(503);
    expect((await full()).status).toBe(200);
  });
});

/** A lazily generated base of `count` products, one second apart, counting what it generates. */
function lazyBase(count: number): OnixBaseCatalogue & { generated: number } {
  const template = onixFixtureProducts()[0]!;
  const base = {
    count,
    generated: 0,
    product(i: number): OnixProduct {
      base.generated++;
      return {
        ...template,
        recordReference: `lazy-${i}`,
        title: `Book ${i}`,
        descriptionXhtml: `<p>${'A long description of a travel book. '.repeat(20)}</p>`,
        updatedAt: new Date(Date.UTC(2025, 0, 1) + i * 1000),
      };
    },
    indexOf: (ref: string) => (/^lazy-\d+$/.test(ref) ? Number(ref.slice(5)) : undefined),
  };
  return base;
}

describe('ONIX feed stand-in, streaming', () => {
  it('streams a large full feed product by product: a paused client stops the server', async () => {
    const count = 8_000;
    const base = lazyBase(count);
    const standIn = await startOnixFeedStandIn({
      catalogue: new OnixCatalogue(base),
      ...ONIX_FIXTURE_CREDENTIALS,
    });
    try {
      const reader = new FeedReader();
      const res = await new Promise<import('node:http').IncomingMessage>((resolve) =>
        get(`${standIn.url}/feeds/onix/full`, { headers: { authorization: AUTH } }, resolve),
      );
      res.pause();
      // With the client not reading, the server stops once the socket's buffers are full.
      let last = -1;
      while (last !== base.generated) {
        last = base.generated;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(base.generated).toBeLessThan(count / 4);

      res.setEncoding('utf8');
      res.on('data', (chunk: string) => reader.write(chunk));
      res.resume();
      await new Promise((resolve) => res.on('end', resolve));
      reader.close();

      expect(reader.error).toBeNull();
      expect(reader.products).toHaveLength(count);
      expect(reader.products.at(-1)!.recordReference).toBe(`lazy-${count - 1}`);
      // What the server held at once stays a few chunks, whatever the feed's size (~15 MB here).
      expect(standIn.feed.stats().maxBufferedBytes).toBeLessThan(512 * 1024);
    } finally {
      await standIn.close();
    }
  });

  it('finds the delta of a large catalogue without reading it from the start', async () => {
    const base = lazyBase(100_000);
    const standIn = await startOnixFeedStandIn({
      catalogue: new OnixCatalogue(base),
      ...ONIX_FIXTURE_CREDENTIALS,
    });
    try {
      const since = new Date(Date.UTC(2025, 0, 1) + 99_990 * 1000).toISOString();
      const { reader } = await readFeed(
        `${standIn.url}/feeds/onix?since=${encodeURIComponent(since)}`,
      );
      expect(refs(reader.products)).toEqual(
        Array.from({ length: 10 }, (_, i) => `lazy-${99_990 + i}`),
      );
      expect(base.generated).toBeLessThan(100);
    } finally {
      await standIn.close();
    }
  });
});
