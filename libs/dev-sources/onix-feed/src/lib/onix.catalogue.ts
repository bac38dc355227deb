import { OnixBaseCatalogue, OnixProduct, OnixRecord } from './onix.types';

/** A change made after the base catalogue was published, newest last. */
type Change =
  | { readonly kind: 'upsert'; readonly product: OnixProduct; readonly at: Date; seq: number }
  | {
      readonly kind: 'delete';
      readonly recordReference: string;
      readonly isbn13: string;
      readonly at: Date;
      seq: number;
    }
  | { readonly kind: 'vanish'; readonly recordReference: string; readonly at: Date; seq: number };

export type OnixProductPatch = Partial<Omit<OnixProduct, 'recordReference' | 'updatedAt'>>;

const wholeSeconds = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000);

/** A base catalogue over a fixed list of products (fixtures and small tests). */
export function onixBaseFromProducts(products: readonly OnixProduct[]): OnixBaseCatalogue {
  const sorted = [...products].sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime());
  const index = new Map(sorted.map((p, i) => [p.recordReference, i]));
  return {
    count: sorted.length,
    product: (i) => sorted[i]!,
    indexOf: (reference) => index.get(reference),
  };
}

/**
 * The shop's catalogue: a lazily read base (any size, no memory) plus the changes made since,
 * kept in memory (small). Answers the full catalogue and the changes since a time as streams of
 * records, product by product, so a feed of any size is never built whole.
 */
export class OnixCatalogue {
  private readonly changes = new Map<string, Change>();
  private seq = 0;

  constructor(
    private readonly base: OnixBaseCatalogue,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The product as it is now; undefined when deleted, vanished or unknown. */
  get(recordReference: string): OnixProduct | undefined {
    const change = this.changes.get(recordReference);
    if (change) return change.kind === 'upsert' ? change.product : undefined;
    const index = this.base.indexOf(recordReference);
    return index === undefined ? undefined : this.base.product(index);
  }

  /** Products in the full catalogue now. */
  liveCount(): number {
    let count = this.base.count;
    for (const [reference, change] of this.changes) {
      const inBase = this.base.indexOf(reference) !== undefined;
      if (change.kind === 'upsert' && !inBase) count++;
      if (change.kind !== 'upsert' && inBase) count--;
    }
    return count;
  }

  /** Adds or replaces a product, stamped now; returns it as stored. */
  upsert(product: Omit<OnixProduct, 'updatedAt'>): OnixProduct {
    const at = wholeSeconds(this.now());
    const stored: OnixProduct = { ...product, updatedAt: at };
    this.record({ kind: 'upsert', product: stored, at, seq: 0 });
    return stored;
  }

  /** Edits a live product (the delta feed sends it again, as it is now). */
  update(recordReference: string, patch: OnixProductPatch): OnixProduct {
    const current = this.get(recordReference);
    if (!current) throw new Error(`no live product ${recordReference}`);
    return this.upsert({ ...current, ...patch, recordReference });
  }

  /** Deletes a live product: a `05` record in the delta feed, gone from the full catalogue. */
  delete(recordReference: string): boolean {
    const current = this.get(recordReference);
    if (!current) return false;
    const at = wholeSeconds(this.now());
    this.record({ kind: 'delete', recordReference, isbn13: current.isbn13, at, seq: 0 });
    return true;
  }

  /** Drops a product from the full catalogue without telling the delta feed (it happens). */
  vanish(recordReference: string): boolean {
    if (!this.get(recordReference)) return false;
    this.record({ kind: 'vanish', recordReference, at: wholeSeconds(this.now()), seq: 0 });
    return true;
  }

  /** Every live product, `03`, in catalogue order (base order, then products added since). */
  *full(): Generator<OnixRecord> {
    for (let i = 0; i < this.base.count; i++) {
      const product = this.base.product(i);
      const change = this.changes.get(product.recordReference);
      if (!change) yield { notification: '03', product };
      else if (change.kind === 'upsert') yield { notification: '03', product: change.product };
    }
    for (const [reference, change] of this.changes) {
      if (change.kind === 'upsert' && this.base.indexOf(reference) === undefined) {
        yield { notification: '03', product: change.product };
      }
    }
  }

  /**
   * Products changed at or after `since` (so a client resuming from the last datestamp it
   * committed loses nothing), oldest first: `03` as they are now, `05` for deletions.
   */
  *since(since: Date): Generator<OnixRecord> {
    const changes = [...this.changes.values()]
      .filter(
        (c): c is Exclude<Change, { kind: 'vanish' }> =>
          c.at.getTime() >= since.getTime() && c.kind !== 'vanish',
      )
      .sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
    let next = 0;
    const changeRecord = (change: (typeof changes)[number]): OnixRecord =>
      change.kind === 'upsert'
        ? { notification: '03', product: change.product }
        : {
            notification: '05',
            recordReference: change.recordReference,
            isbn13: change.isbn13,
            deletedAt: change.at,
          };
    for (let i = this.firstIndexAtOrAfter(since); i < this.base.count; i++) {
      const product = this.base.product(i);
      while (next < changes.length && changes[next]!.at < product.updatedAt) {
        yield changeRecord(changes[next++]!);
      }
      // A changed product's base version is stale: its change carries it.
      if (!this.changes.has(product.recordReference)) yield { notification: '03', product };
    }
    while (next < changes.length) yield changeRecord(changes[next++]!);
  }

  private firstIndexAtOrAfter(since: Date): number {
    let [low, high] = [0, this.base.count];
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.base.product(mid).updatedAt.getTime() < since.getTime()) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private record(change: Change): void {
    change.seq = ++this.seq;
    // Re-inserted so the map keeps changes in the order they happened.
    this.changes.delete(this.referenceOf(change));
    this.changes.set(this.referenceOf(change), change);
  }

  private referenceOf(change: Change): string {
    return change.kind === 'upsert' ? change.product.recordReference : change.recordReference;
  }
}
