/** ONIX 3.0 `ProductForm` codes the shop uses: hardback, paperback, digital download, digital (other). */
export type OnixProductForm = 'BB' | 'BC' | 'ED' | 'EA';
/** `ProductFormDetail` of digital products: EPUB or PDF. */
export type OnixProductFormDetail = 'E101' | 'E107';
/** `ProductAvailability`: available, or not available. */
export type OnixAvailability = '20' | '40';

export interface OnixPrice {
  /** `PriceType`, e.g. `02` (RRP including tax) or `01` (RRP excluding tax). */
  readonly type: '01' | '02';
  /** Decimal string as it goes on the wire, e.g. `"14.99"`. */
  readonly amount: string;
  /** ISO 4217, e.g. `EUR`. */
  readonly currency: string;
}

/** A product as the shop stores it; the feed renders ONIX 3.0 reference tags from it. */
export interface OnixProduct {
  /** `RecordReference`: the stable id. */
  readonly recordReference: string;
  /** ISBN-13 as printed on the wire; may carry a wrong check digit (a bad record). */
  readonly isbn13: string;
  readonly form: OnixProductForm;
  readonly formDetail: OnixProductFormDetail | null;
  /** `TitleText`; null is a bad record (no `TitleDetail` at all). */
  readonly title: string | null;
  readonly subtitle: string | null;
  /** Authors (`ContributorRole` `A01`), `PersonName` as written. */
  readonly authors: readonly string[];
  /** ISO 639-2/B, e.g. `eng`, `ger`, `fre`. */
  readonly language: string;
  /** Thema subject codes (scheme `93`), e.g. `WTH`. */
  readonly themaSubjects: readonly string[];
  /** Thema place qualifiers (scheme `94`), e.g. `1DFG`, `1DFG-DE-TB`. */
  readonly themaPlaces: readonly string[];
  /** Keywords (scheme `20`), sent `;`-separated. */
  readonly keywords: readonly string[];
  /** The description (`TextType` `03`) as XHTML; may hold entities and CDATA-worthy markup. */
  readonly descriptionXhtml: string | null;
  /** How the description goes on the wire: in a CDATA section (default) or escaped markup. */
  readonly descriptionAs?: 'cdata' | 'escaped';
  readonly publisher: string;
  /** `PublishingDate` (role `01`), `YYYYMMDD`. */
  readonly publishedOn: string;
  readonly availability: OnixAvailability;
  readonly prices: readonly OnixPrice[];
  /** Last change, whole seconds: the `datestamp` of `<Product>` and what `since` filters on. */
  readonly updatedAt: Date;
}

/**
 * The catalogue as it was first published, read lazily by position so that a catalogue of any
 * size costs no memory: `product(i)` must be deterministic and its `updatedAt` non-decreasing in
 * `i` (the delta feed finds its start by binary search).
 */
export interface OnixBaseCatalogue {
  readonly count: number;
  product(index: number): OnixProduct;
  /** The position of a record reference in the base, undefined when it has none. */
  indexOf(recordReference: string): number | undefined;
}

/** One record of a feed as sent: `03` a product as it is now, `05` a deletion. */
export type OnixRecord =
  | { readonly notification: '03'; readonly product: OnixProduct }
  | {
      readonly notification: '05';
      readonly recordReference: string;
      readonly isbn13: string;
      readonly deletedAt: Date;
    };
