import { SaxesParser } from 'saxes';
import { OnixProductRecord } from './onix.record';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
type Draft = Mutable<OnixProductRecord>;

const emptyProduct = (datestamp: string | null): Draft => ({
  notification: '',
  recordReference: '',
  datestamp,
  isbn13: null,
  productForm: null,
  productFormDetails: [],
  title: null,
  subtitle: null,
  contributors: [],
  language: null,
  subjects: [],
  description: null,
  publisher: null,
  publishingDate: null,
  availability: null,
  prices: [],
});

/** The state of the composite element being read (its child values by tag). */
type Fields = Map<string, string>;

/** The composites whose children are gathered before they are interpreted. */
const COMPOSITES = new Set([
  'ProductIdentifier',
  'Contributor',
  'Language',
  'Subject',
  'TextContent',
  'PublishingDate',
  'Price',
]);

/**
 * Reads an ONIX 3.0 message (reference tags) with saxes, chunk by chunk: `write` hands over text
 * as it arrives and returns the products completed by it, so only the product being read is held.
 * Malformed XML throws (saxes' error, with line and column); `end` throws when the message is not
 * complete (the feed was cut off), so a truncated full catalogue is never taken for a whole one.
 */
export class OnixStreamParser {
  private readonly parser = new SaxesParser({ position: true });
  private readonly path: string[] = [];
  private text = '';
  private product: Draft | null = null;
  private composite: { name: string; fields: Fields; language?: boolean } | null = null;
  private completed: OnixProductRecord[] = [];
  private markupDepth = 0;
  private closedRoot = false;
  private error: Error | null = null;
  /** Complete products seen so far. */
  products = 0;

  constructor() {
    // saxes goes on after an error: what completes after it is ignored.
    this.parser.on('error', (error) => this.fail(error.message));
    this.parser.on('opentag', (tag) => {
      const name = localName(tag.name);
      if (this.inMarkup()) {
        // XHTML sent as elements inside <Text>: kept as markup, sanitised later.
        this.markupDepth++;
        this.text += `<${name}${Object.entries(tag.attributes)
          .map(([k, v]) => ` ${localName(k)}="${escapeAttribute(String(v))}"`)
          .join('')}>`;
        return;
      }
      this.path.push(name);
      this.text = '';
      if (this.path.length === 1) {
        if (name !== 'ONIXMessage') this.fail(`the root element is <${name}>, not <ONIXMessage>`);
      } else if (name === 'Product' && this.path.length === 2) {
        const stamp = tag.attributes['datestamp'];
        this.product = emptyProduct(typeof stamp === 'string' ? stamp : null);
      } else if (this.product && COMPOSITES.has(name) && !this.composite) {
        this.composite = { name, fields: new Map() };
      }
    });
    this.parser.on('text', (text) => {
      // Text directly in <Text> is the markup itself (escaped XHTML); inside elements, text.
      this.text += this.markupDepth > 0 ? escapeText(text) : text;
    });
    this.parser.on('cdata', (text) => {
      this.text += text;
    });
    this.parser.on('closetag', (tag) => {
      if (this.error) return;
      const name = localName(tag.name);
      if (this.markupDepth > 0) {
        this.markupDepth--;
        this.text += `</${name}>`;
        return;
      }
      const text = this.text.trim();
      this.text = '';
      this.path.pop();
      if (this.path.length === 0) {
        this.closedRoot = true;
        return;
      }
      const product = this.product;
      if (!product) return;
      if (name === 'Product' && this.path.length === 1) {
        this.completed.push(product);
        this.products++;
        this.product = null;
        return;
      }
      const composite = this.composite;
      if (composite) {
        if (name === composite.name) {
          this.closeComposite(product, composite.name, composite.fields);
          this.composite = null;
        } else if (!composite.fields.has(name)) {
          composite.fields.set(name, text);
        }
        return;
      }
      this.setField(product, name, text);
    });
  }

  /** Parses the next chunk; returns the products it completed, in feed order. */
  write(chunk: string): OnixProductRecord[] {
    this.parser.write(chunk);
    return this.take();
  }

  /**
   * The input is over: the products still pending, then (on the next call, once those have been
   * taken) a throw unless it was one complete, well-formed ONIX message.
   */
  end(): OnixProductRecord[] {
    if (this.completed.length > 0 || this.error) return this.take();
    if (!this.closedRoot) {
      throw new OnixFeedError(
        `the feed ended before </ONIXMessage> (after ${this.products} complete products): cut off`,
      );
    }
    this.parser.close();
    return this.take();
  }

  /** The products completed before any error; the error once none is left. */
  private take(): OnixProductRecord[] {
    const products = this.completed;
    this.completed = [];
    if (products.length > 0) return products;
    if (this.error) throw new OnixFeedError(`malformed XML in the feed: ${this.error.message}`);
    return products;
  }

  /** Inside the `<Text>` of a `<TextContent>`, where child elements are XHTML. */
  private inMarkup(): boolean {
    return (
      this.markupDepth > 0 ||
      (this.composite?.name === 'TextContent' && this.path[this.path.length - 1] === 'Text')
    );
  }

  private fail(message: string): void {
    this.error ??= new Error(message);
  }

  private setField(product: Draft, name: string, text: string): void {
    switch (name) {
      case 'RecordReference':
        product.recordReference = text;
        break;
      case 'NotificationType':
        product.notification = text;
        break;
      case 'ProductForm':
        product.productForm = text;
        break;
      case 'ProductFormDetail':
        product.productFormDetails.push(text);
        break;
      case 'TitleText':
        if (this.path.includes('TitleDetail') && product.title === null) product.title = text;
        break;
      case 'Subtitle':
        if (this.path.includes('TitleDetail') && product.subtitle === null) product.subtitle = text;
        break;
      case 'PublisherName':
        product.publisher ??= text;
        break;
      case 'ProductAvailability':
        product.availability ??= text;
        break;
    }
  }

  private closeComposite(product: Draft, name: string, f: Fields): void {
    const get = (key: string) => f.get(key) ?? null;
    switch (name) {
      case 'ProductIdentifier':
        if (get('ProductIDType') === '15') product.isbn13 = get('IDValue');
        break;
      case 'Contributor': {
        const person = get('PersonName') ?? get('CorporateName');
        if (person) product.contributors.push({ role: get('ContributorRole') ?? '', name: person });
        break;
      }
      case 'Language':
        if (get('LanguageRole') === '01' || product.language === null) {
          product.language = get('LanguageCode');
        }
        break;
      case 'Subject':
        product.subjects.push({
          scheme: get('SubjectSchemeIdentifier') ?? '',
          code: get('SubjectCode'),
          text: get('SubjectHeadingText'),
        });
        break;
      case 'TextContent':
        if (get('TextType') === '03' && product.description === null) {
          product.description = get('Text');
        }
        break;
      case 'PublishingDate':
        if (get('PublishingDateRole') === '01') product.publishingDate = get('Date');
        break;
      case 'Price':
        product.prices.push({
          type: get('PriceType'),
          amount: get('PriceAmount'),
          currency: get('CurrencyCode'),
        });
        break;
    }
  }
}

/** The feed could not be read as a whole message: malformed, or cut off. */
export class OnixFeedError extends Error {
  override readonly name = 'OnixFeedError';
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);
const escapeText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, '&quot;');
