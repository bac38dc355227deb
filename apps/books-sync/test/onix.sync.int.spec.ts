import { Registry } from 'prom-client';
import { BooksDatabase } from '@waypost/books/schema';
import {
  ONIX_FIXTURE_CREDENTIALS,
  ONIX_FIXTURE_PRODUCTS,
  OnixCatalogue,
  OnixFeedStandIn,
  onixBaseFromProducts,
  onixFixtureProducts,
  startOnixFeedStandIn,
} from '@waypost/dev-sources/onix-feed';
import { CMS_FIXTURE_PLACES } from '@waypost/dev-sources/cms';
import { seedFixturePlaces } from '@waypost/places/testing';
import { AnySyncSource, SyncLogger } from '@waypost/shared/sync';
import {
  TEST_REDIS_URL,
  TestDatabase,
  createTestDatabase,
  uniqueRedisPrefix,
  waitFor,
} from '@waypost/shared/testing';
import { BooksSync } from '../src/books-sync';
import { loadBooksSyncConfig } from '../src/books-sync.config';

const SILENT: SyncLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const F = ONIX_FIXTURE_PRODUCTS;
const P = CMS_FIXTURE_PLACES;
const VALID = Object.values(F).filter((f) => f.invalidBecause === null);
const BAD = Object.values(F).filter((f) => f.invalidBecause !== null);
const refs = (fixtures: readonly { recordReference: string }[]) =>
  fixtures.map((f) => f.recordReference).sort();

describe('books-sync: the onix source against the ONIX feed stand-in, PostGIS and Redis', () => {
  let waypost: TestDatabase<BooksDatabase>;
  let standIn: OnixFeedStandIn;
  let catalogue: OnixCatalogue;
  let sync: BooksSync;
  let source: AnySyncSource;
  let now: Date;

  beforeEach(async () => {
    waypost = await createTestDatabase();
    await seedFixturePlaces(waypost.url);
    now = new Date('2026-04-01T10:00:00Z');
    catalogue = new OnixCatalogue(onixBaseFromProducts(onixFixtureProducts()), () => now);
    standIn = await startOnixFeedStandIn({ catalogue, ...ONIX_FIXTURE_CREDENTIALS });
    sync = new BooksSync(
      loadBooksSyncConfig({
        DATABASE_URL: waypost.url,
        REDIS_URL: TEST_REDIS_URL,
        SYNC_QUEUE_PREFIX: uniqueRedisPrefix('books-sync'),
        SYNC_RETRY_BACKOFF_MS: '100',
        BOOKS_ONIX_URL: standIn.url,
        BOOKS_ONIX_USERNAME: ONIX_FIXTURE_CREDENTIALS.username,
        BOOKS_ONIX_PASSWORD: ONIX_FIXTURE_CREDENTIALS.password,
        BOOKS_ONIX_PAGE_SIZE: '2',
      }),
      new Registry(),
      SILENT,
    );
    source = sync.sources.find((s) => s.name === 'onix')!;
  });

  afterEach(async () => {
    await sync?.close();
    await standIn?.close();
    await waypost?.drop();
  });

  const run = () => sync.runner.run(source, { trigger: 'test' });
  const reconcile = () => sync.runner.reconcile(source, { trigger: 'test' });
  const rows = () =>
    waypost.db
      .selectFrom('books.books')
      .selectAll()
      .where('source', '=', 'onix')
      .orderBy('sourceId')
      .execute();
  const row = async (reference: string) => (await rows()).find((r) => r.sourceId === reference)!;
  const deadLetters = () =>
    waypost.db
      .selectFrom('books.deadLetters')
      .select(['sourceId', 'reason'])
      .orderBy('sourceId')
      .execute();
  const watermark = async () =>
    (
      await waypost.db
        .selectFrom('books.syncWatermarks')
        .select('watermark')
        .where('source', '=', 'onix')
        .executeTakeFirst()
    )?.watermark;

  it('syncs the delta feed, dead-letters the bad records while the rest syncs, and maps every field', async () => {
    await expect(run()).resolves.toMatchObject({
      status: 'succeeded',
      counts: { inserted: VALID.length, invalid: BAD.length, updated: 0, deleted: 0 },
    });
    expect((await rows()).map((r) => r.sourceId)).toEqual(refs(VALID));
    expect(await deadLetters()).toEqual(
      BAD.map((b) => ({ sourceId: b.recordReference, reason: b.invalidBecause })).sort((a, b) =>
        a.sourceId.localeCompare(b.sourceId),
      ),
    );
    const berlin = await row(F.berlinGuide.recordReference);
    expect(berlin).toMatchObject({
      title: 'Berlin Pocket Guide',
      subtitle: 'Mitte, Kreuzberg & beyond',
      contributors: [{ name: 'Ana Sousa', role: 'A01' }],
      format: 'print',
      formatDetail: 'paperback',
      language: 'eng',
      publisher: 'Waypost Press',
      publishedAt: new Date('2025-03-01T00:00:00Z'),
      price: 14.99,
      currency: 'EUR',
      availability: 'available',
    });
    expect(berlin.isbn13).toMatch(/^978100000001\d$/);
    expect(berlin.prices).toEqual([
      { amount: '14.99', currency: 'EUR', includesTax: true },
      { amount: '12.99', currency: 'GBP', includesTax: true },
    ]);
    expect(await row(F.hamburgWalks.recordReference)).toMatchObject({ formatDetail: 'hardback' });
    expect(await row(F.berlinGuideEpub.recordReference)).toMatchObject({
      format: 'ebook',
      formatDetail: 'epub',
    });
    expect(await row(F.parisTexas.recordReference)).toMatchObject({
      format: 'ebook',
      formatDetail: 'pdf',
      price: 7.5,
      currency: 'USD',
      contributors: [{ name: 'Ana Sousa', role: 'A01' }],
    });
    expect(await row(F.lisbonTrams.recordReference)).toMatchObject({ availability: 'unavailable' });
  });

  it('reads entities, CDATA (a "]]>" split across two sections) and XHTML, and sanitises the description', async () => {
    await run();
    // CDATA, markup kept as sanitised HTML, the entity resolved once.
    expect((await row(F.berlinGuide.recordReference)).description).toBe(
      '<p>Walks from the <b>Brandenburg Gate</b> to Kreuzberg &amp; Neukölln.</p><ul><li>Maps</li><li>Cafés</li></ul>',
    );
    // Escaped markup (no CDATA) gives the same HTML.
    expect((await row(F.berlinGuideEpub.recordReference)).description).toBe(
      '<p>The e-book edition: <i>searchable</i> &amp; light.</p>',
    );
    // A numeric character reference inside CDATA stays a reference to the browser: sanitised as text.
    expect((await row(F.parisSpring.recordReference)).description).toBe(
      '<p>Chestnut trees along the Seine — and where to sit under them.</p>',
    );
    // The comment holding "]]>" is dropped; the text after it survives the split CDATA.
    expect((await row(F.lisbonTrams.recordReference)).description).toBe(
      '<p>Tram 28 climbs to Alfama.</p><p>Fares: 3€.</p>',
    );
  });

  it('finds a book by its country qualifier and by a city in its keywords, and from the continent above', async () => {
    await run();
    for (const fixture of VALID) {
      const synced = await row(fixture.recordReference);
      expect({ ref: fixture.recordReference, q: [...synced.qualifierPlaceIds].sort() }).toEqual({
        ref: fixture.recordReference,
        q: [...fixture.expectedQualifierPlaceIds].sort(),
      });
      expect({ ref: fixture.recordReference, m: [...synced.mentionPlaceIds].sort() }).toEqual({
        ref: fixture.recordReference,
        m: [...fixture.expectedMentionPlaceIds].sort(),
      });
    }
    const berlin = await row(F.berlinGuide.recordReference);
    expect(berlin.qualifierPlaceIds).toContain(P.germany.code);
    expect(berlin.mentionPlaceIds).toEqual([P.berlin.code]);
    expect(berlin.placeIds).toEqual(
      expect.arrayContaining([
        'world',
        P.europe.code,
        P.germany.code,
        P.berlinState.code,
        P.berlin.code,
      ]),
    );
    // The roll-up table answers "books about Europe" with it, and not the Texas book.
    const inEurope = await waypost.db
      .selectFrom('books.booksByPlace')
      .select('id')
      .where('placeId', '=', P.europe.code)
      .execute();
    expect(inEurope.map((r) => r.id)).toContain(`onix-${F.berlinGuide.recordReference}`);
    expect(inEurope.map((r) => r.id)).not.toContain(`onix-${F.parisTexas.recordReference}`);
    expect((await row(F.parisTexas.recordReference)).placeIds).not.toContain(P.france.code);
    expect((await row(F.packingLight.recordReference)).placeIds).toEqual([]);
  });

  it('pulls the delta since its watermark, advanced per committed batch; a 05 deletes', async () => {
    await run();
    // The last product (a bad one) moves it on too.
    expect(await watermark()).toEqual({
      since: '2026-03-08T12:00:00.000Z',
      references: [F.noTitle.recordReference],
    });
    // Nothing changed: the boundary is sent again and skipped, nothing rewritten or dead-lettered.
    await expect(run()).resolves.toMatchObject({
      counts: { inserted: 0, updated: 0, unchanged: 0, deleted: 0, invalid: 0 },
    });

    now = new Date('2026-04-02T08:00:00Z');
    catalogue.update(F.parisSpring.recordReference, {
      prices: [{ type: '02', amount: '16.50', currency: 'EUR' }],
    });
    now = new Date('2026-04-02T09:00:00Z');
    catalogue.delete(F.hamburgWalks.recordReference);
    await expect(run()).resolves.toMatchObject({
      counts: { inserted: 0, updated: 1, deleted: 1, invalid: 0 },
    });
    expect(await watermark()).toEqual({
      since: '2026-04-02T09:00:00.000Z',
      references: [F.hamburgWalks.recordReference],
    });
    expect((await row(F.parisSpring.recordReference)).price).toBe(16.5);
    expect((await rows()).map((r) => r.sourceId)).not.toContain(F.hamburgWalks.recordReference);
  });

  it('reconciles with a complete full catalogue (what vanished is deleted); a full feed cut off deletes nothing', async () => {
    await run();
    now = new Date('2026-04-03T08:00:00Z');
    catalogue.vanish(F.packingLight.recordReference);

    standIn.feed.cutOff(3, { feed: 'full' });
    await expect(reconcile()).rejects.toThrow(/cut off|terminated|closed|socket/i);
    expect((await rows()).map((r) => r.sourceId)).toEqual(refs(VALID));

    standIn.feed.cutOff(3, { feed: 'full', reset: true });
    await expect(reconcile()).rejects.toThrow();
    expect((await rows()).map((r) => r.sourceId)).toEqual(refs(VALID));

    await expect(reconcile()).resolves.toMatchObject({
      status: 'succeeded',
      counts: { deleted: 1, inserted: 0 },
    });
    expect((await rows()).map((r) => r.sourceId)).toEqual(
      refs(VALID.filter((f) => f !== F.packingLight)),
    );
  });

  it('writes what the delta missed from the full catalogue', async () => {
    await run();
    await waypost.db
      .deleteFrom('books.books')
      .where('sourceId', '=', F.lisbonTrams.recordReference)
      .execute();
    await expect(reconcile()).resolves.toMatchObject({ counts: { inserted: 1, deleted: 0 } });
    expect((await rows()).map((r) => r.sourceId)).toEqual(refs(VALID));
  });

  it('keeps what committed when the feed is cut off mid-product, and the next run resumes from the watermark', async () => {
    // Products 1-5 arrive whole, the 6th half: two batches of two commit, the fifth product waits
    // for a batch that never completes.
    standIn.feed.cutOff(5, { feed: 'delta' });
    await expect(run()).rejects.toThrow(/cut off/);
    expect((await rows()).map((r) => r.sourceId)).toEqual(
      refs([F.berlinGuide, F.berlinGuideEpub, F.hamburgWalks, F.parisSpring]),
    );
    expect(await watermark()).toEqual({
      since: '2026-03-03T08:00:00.000Z',
      references: [F.parisSpring.recordReference],
    });
    await expect(run()).resolves.toMatchObject({ status: 'succeeded' });
    expect((await rows()).map((r) => r.sourceId)).toEqual(refs(VALID));
  });

  it('fails cleanly on malformed XML mid-stream: what committed stays, nothing half-written, the next run resumes', async () => {
    standIn.feed.malform(4, { feed: 'delta' });
    await expect(run()).rejects.toThrow(/malformed XML/);
    expect((await rows()).map((r) => r.sourceId)).toEqual(
      refs([F.berlinGuide, F.berlinGuideEpub, F.hamburgWalks, F.parisSpring]),
    );
    await expect(run()).resolves.toMatchObject({ status: 'succeeded' });
    expect((await rows()).map((r) => r.sourceId)).toEqual(refs(VALID));
  });

  it('refuses the wrong credentials with the status in the run error', async () => {
    const wrong = new BooksSync(
      loadBooksSyncConfig({
        DATABASE_URL: waypost.url,
        REDIS_URL: TEST_REDIS_URL,
        SYNC_QUEUE_PREFIX: uniqueRedisPrefix('books-sync'),
        BOOKS_ONIX_URL: standIn.url,
        BOOKS_ONIX_PASSWORD: 'wrong',
      }),
      new Registry(),
      SILENT,
    );
    try {
      const onix = wrong.sources.find((s) => s.name === 'onix')!;
      await expect(wrong.runner.run(onix, { trigger: 'test' })).rejects.toThrow(/401/);
    } finally {
      await wrong.close();
    }
  });

  it('runs on its schedule on a real BullMQ worker', async () => {
    await sync.start();
    await waitFor('the first scheduled run', async () =>
      (await rows()).length === VALID.length ? true : undefined,
    );
    const schedulers = await sync.queue.queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(expect.arrayContaining(['sync:onix']));
  });
});
