import { Kysely } from 'kysely';
import { ConfigError, Env, envInt, envString, envUrl } from '@waypost/shared/config';
import {
  IdComparison,
  MappedRecord,
  SourcePage,
  SourceReconciliation,
  SyncSource,
  WriteCounts,
  contentHash,
  defineSource,
} from '@waypost/shared/sync';
import { BooksDatabase } from '@waypost/books/schema';
import { BookWrite } from '@waypost/books/data-access/write';
import { PlaceSummary, textMentionCandidates } from '@waypost/places/gazetteer';
import { BooksSourceDeps } from './source.deps';
import { ONIX_EPOCH, OnixClient, OnixProductRecord, OnixWatermark } from './onix.client';
import { OnixBook, parseOnixDateTime, parseOnixProduct } from './onix.mapper';
import { themaPlaceId } from './thema/thema-places';

export const ONIX_SOURCE = 'onix';

export interface OnixSettings {
  /** The feed's base URL: the feeds are `<url>/feeds/onix` and `<url>/feeds/onix/full`. */
  readonly url: string;
  /** Basic auth credentials. */
  readonly username: string;
  readonly password: string;
  /** Products per batch (one transaction each). */
  readonly pageSize: number;
  readonly everyMs: number;
  /** How often the full catalogue is read to find products that vanished without a `05`. */
  readonly reconcileEveryMs: number;
  readonly timeoutMs: number;
  /** The currency of a book's headline price (`price`, sorted by), when the feed has it. */
  readonly currency: string;
}

/** Reads the onix source's variables (`BOOKS_ONIX_*`). */
export function loadOnixSettings(env: Env): OnixSettings {
  return {
    url: envUrl(env, 'BOOKS_ONIX_URL', 'http://127.0.0.1:3900/onix', ['http:', 'https:']),
    username: envString(env, 'BOOKS_ONIX_USERNAME', 'waypost'),
    password: envString(env, 'BOOKS_ONIX_PASSWORD', 'onix-demo'),
    pageSize: envInt(env, 'BOOKS_ONIX_PAGE_SIZE', 500, 1, 5_000),
    everyMs: envInt(env, 'BOOKS_ONIX_EVERY_MS', 5 * 60_000, 1_000),
    reconcileEveryMs: envInt(env, 'BOOKS_ONIX_RECONCILE_EVERY_MS', 6 * 60 * 60_000, 1_000),
    timeoutMs: envInt(env, 'BOOKS_ONIX_TIMEOUT_MS', 60_000, 100, 600_000),
    currency: currencyCode(envString(env, 'BOOKS_ONIX_CURRENCY', 'EUR')),
  };
}

function currencyCode(value: string): string {
  if (!/^[A-Z]{3}$/.test(value)) {
    throw new ConfigError('BOOKS_ONIX_CURRENCY', `must be an ISO 4217 code; got ${value}`);
  }
  return value;
}

/**
 * The shop's ONIX feed: the delta feed by its `since` watermark (the datestamp of the last
 * committed product; the feed includes the boundary, so nothing is lost and re-read products are
 * unchanged), `05` deletes; the full catalogue, periodically, deletes what vanished without a
 * `05` (only when it was read complete) and writes what the delta missed. A book is indexed by
 * its Thema place qualifiers (the table in `thema/`), then by the places its keywords and title
 * name (the gazetteer's mention resolution, the qualifiers as context); each kept apart.
 */
export class OnixSource implements SyncSource<OnixProductRecord, BookWrite, BooksDatabase> {
  readonly name = ONIX_SOURCE;
  readonly schedule: { everyMs: number };
  readonly reconciliation: SourceReconciliation<OnixProductRecord, BooksDatabase>;
  /** Qualifier places and their ancestors (countries and regions: a few thousand at most). */
  private readonly qualifierPlaces = new Map<string, PlaceSummary | null>();

  constructor(
    private readonly client: OnixClient,
    private readonly deps: BooksSourceDeps,
    private readonly settings: Pick<OnixSettings, 'everyMs' | 'reconcileEveryMs' | 'currency'>,
  ) {
    this.schedule = { everyMs: settings.everyMs };
    this.reconciliation = {
      schedule: { everyMs: settings.reconcileEveryMs },
      storedIds: (db) => this.storedIds(db),
      compare: (stored) => this.compare(stored),
      fetch: (ids) => this.fetch(ids),
    };
  }

  /**
   * The delta since the watermark. The feed includes its boundary (datestamps are whole seconds and
   * a batch may end inside one), so the products already committed at that second are skipped by
   * reference: nothing is lost, nothing is written or dead-lettered twice.
   */
  async *pull(watermark: unknown | null): AsyncIterable<SourcePage<OnixProductRecord>> {
    const from = watermark as OnixWatermark | null;
    let last = from?.since ?? ONIX_EPOCH;
    let atLast = new Set(from?.references ?? []);
    for await (const records of this.client.delta(last)) {
      const fresh: OnixProductRecord[] = [];
      for (const r of records) {
        const at = parseOnixDateTime(r.datestamp)?.toISOString();
        const reference = r.recordReference.trim();
        if (at === last && atLast.has(reference)) continue;
        fresh.push(r);
        // Dead-lettered products move it on too: they are written down where they fail.
        if (at === undefined || at < last) continue;
        if (at > last) [last, atLast] = [at, new Set()];
        atLast.add(reference);
      }
      if (fresh.length === 0) continue;
      yield { records: fresh, watermark: { since: last, references: [...atLast] } };
    }
  }

  async map(records: readonly OnixProductRecord[]): Promise<MappedRecord<BookWrite>[]> {
    const parsed = records.map((record) => ({ record, parsed: parseOnixProduct(record) }));
    const books = parsed.flatMap(({ parsed: p }) => (p.kind === 'book' ? [p.book] : []));
    const places = await this.placesOf(books);
    return parsed.map(({ record, parsed: p }): MappedRecord<BookWrite> => {
      if (p.kind === 'invalid') {
        return {
          outcome: 'invalid',
          sourceId: p.recordReference,
          reason: p.reason,
          payload: record,
        };
      }
      if (p.kind === 'delete') return { outcome: 'delete', sourceId: p.recordReference };
      return {
        outcome: 'upsert',
        sourceId: p.book.recordReference,
        row: this.toRow(p.book, places.get(p.book)!),
      };
    });
  }

  async write(
    trx: Kysely<BooksDatabase>,
    batch: { upserts: readonly BookWrite[]; deletes: readonly string[] },
  ): Promise<WriteCounts> {
    const counts = await this.deps.repository.upsert(trx, batch.upserts);
    const deleted = await this.deps.repository.delete(trx, this.name, batch.deletes);
    return { ...counts, deleted };
  }

  private toRow(book: OnixBook, placed: Placed): BookWrite {
    const headline =
      book.prices.find((p) => p.currency === this.settings.currency && p.includesTax) ??
      book.prices.find((p) => p.currency === this.settings.currency) ??
      book.prices[0] ??
      null;
    const row = {
      source: this.name,
      sourceId: book.recordReference,
      isbn13: book.isbn13,
      title: book.title,
      subtitle: book.subtitle,
      contributors: JSON.stringify(book.contributors),
      format: book.format,
      formatDetail: book.formatDetail,
      language: book.language,
      publisher: book.publisher,
      publishedAt: book.publishedAt,
      description: book.description,
      price: headline?.amount ?? null,
      currency: headline?.currency ?? null,
      prices: JSON.stringify(book.prices),
      availability: book.availability,
      qualifierPlaceIds: placed.qualifier,
      mentionPlaceIds: placed.mention,
      directPlaceIds: [...new Set([...placed.qualifier, ...placed.mention])],
      placeIds: placed.all,
      sourceUpdatedAt: book.updatedAt,
    };
    return { id: `${this.name}-${book.recordReference}`, ...row, contentHash: contentHash(row) };
  }

  /**
   * Each book's places: its qualifiers through the Thema table (known places only), then the
   * names in its keywords and title, resolved together for the batch with the qualifier places
   * as context (Paris beside 1DDF is Paris, France).
   */
  private async placesOf(books: readonly OnixBook[]): Promise<Map<OnixBook, Placed>> {
    const byQualifier = books.map((b) => b.themaPlaces.flatMap((c) => themaPlaceId(c) ?? []));
    await this.loadQualifierPlaces(byQualifier.flat());
    const qualified = byQualifier.map((ids) =>
      unique(ids).flatMap((id) => this.qualifierPlaces.get(id) ?? []),
    );
    const mentions = await this.deps.gazetteer.resolveMentions(
      books.map((book, i) => ({
        names: [...book.keywords, ...textMentionCandidates(book.title)],
        context: qualified[i]!,
      })),
    );
    return new Map(
      books.map((book, i) => {
        const q = qualified[i]!;
        const m = mentions[i] ?? [];
        const all = unique([...q, ...m].flatMap((p) => [...p.ancestorIds, p.id]));
        return [book, { qualifier: q.map((p) => p.id), mention: m.map((p) => p.id), all }];
      }),
    );
  }

  private async loadQualifierPlaces(ids: readonly string[]): Promise<void> {
    const missing = unique(ids).filter((id) => !this.qualifierPlaces.has(id));
    const found = await Promise.all(missing.map((id) => this.deps.gazetteer.findById(id)));
    missing.forEach((id, i) => this.qualifierPlaces.set(id, found[i] ?? null));
  }

  private async storedIds(db: Kysely<BooksDatabase>): Promise<string[]> {
    const rows = await db
      .selectFrom('books.books')
      .select('sourceId')
      .where('source', '=', this.name)
      .execute();
    return rows.map((r) => r.sourceId);
  }

  /**
   * Reads the whole full catalogue (ids only are kept): what is stored and absent from it is gone,
   * what it has and is not stored (a valid product) is missing. A catalogue that breaks off or is
   * malformed throws before anything is compared, so it deletes nothing.
   */
  private async compare(stored: readonly string[]): Promise<IdComparison> {
    const inFeed = new Set<string>();
    const valid = new Set<string>();
    for await (const records of this.client.full()) {
      for (const record of records) {
        const parsed = parseOnixProduct(record);
        const id = parsed.kind === 'book' ? parsed.book.recordReference : parsed.recordReference;
        if (id === null || parsed.kind === 'delete') continue;
        inFeed.add(id);
        if (parsed.kind === 'book') valid.add(id);
      }
    }
    const storedSet = new Set(stored);
    return {
      gone: stored.filter((id) => !inFeed.has(id)),
      missing: [...valid].filter((id) => !storedSet.has(id)),
    };
  }

  /** The products of `ids`, read from the full catalogue again. */
  private async *fetch(ids: readonly string[]): AsyncIterable<readonly OnixProductRecord[]> {
    const wanted = new Set(ids);
    for await (const records of this.client.full()) {
      const found = records.filter((r) => wanted.has(r.recordReference.trim()));
      if (found.length > 0) yield found;
    }
  }
}

interface Placed {
  /** Found by Thema place qualifier. */
  readonly qualifier: string[];
  /** Found by name in keywords or title. */
  readonly mention: string[];
  /** Both and all their ancestors. */
  readonly all: string[];
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** The onix source of books-sync (`sources/index.ts`). */
export const onixSource = defineSource({
  name: ONIX_SOURCE,
  load: loadOnixSettings,
  create: (settings, deps: BooksSourceDeps) =>
    new OnixSource(new OnixClient(settings), deps, settings),
});
