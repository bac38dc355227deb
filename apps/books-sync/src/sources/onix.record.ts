/** A `<Product>` of the shop's ONIX 3.0 feed as read from the wire: text as sent, unchecked. */
export interface OnixProductRecord {
  readonly notification: string;
  readonly recordReference: string;
  /** `datestamp` of `<Product>` as sent (`YYYYMMDDThhmmssZ`), null when absent. */
  readonly datestamp: string | null;
  /** `IDValue` of the `ProductIdentifier` with `ProductIDType` 15. */
  readonly isbn13: string | null;
  readonly productForm: string | null;
  readonly productFormDetails: readonly string[];
  readonly title: string | null;
  readonly subtitle: string | null;
  readonly contributors: readonly { readonly role: string; readonly name: string }[];
  /** `LanguageCode` of the `Language` with role 01 (else the first). */
  readonly language: string | null;
  /** Subjects by scheme identifier: `93` Thema, `94` Thema place qualifiers, `20` keywords. */
  readonly subjects: readonly {
    readonly scheme: string;
    readonly code: string | null;
    readonly text: string | null;
  }[];
  /** `Text` of the `TextContent` with `TextType` 03, as markup (CDATA and entities resolved). */
  readonly description: string | null;
  readonly publisher: string | null;
  /** `Date` of the `PublishingDate` with role 01. */
  readonly publishingDate: string | null;
  readonly availability: string | null;
  readonly prices: readonly {
    readonly type: string | null;
    readonly amount: string | null;
    readonly currency: string | null;
  }[];
}

/** Where a delta pull resumes: the `datestamp` of the last committed product (ISO 8601). */
export interface OnixWatermark {
  readonly since: string;
  /** The products committed at exactly `since`: the feed sends them again. */
  readonly references?: readonly string[];
}
