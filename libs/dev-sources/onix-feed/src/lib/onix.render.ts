import { OnixProduct, OnixRecord } from './onix.types';

export const ONIX_NAMESPACE = 'http://ns.editeur.org/onix/3.0/reference';

/** Escapes text for element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A CDATA section; a `]]>` inside is split across two sections, as XML requires. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** ONIX's compact date-time, e.g. `20261204T153000Z`. */
export function onixDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

export interface OnixHeaderOptions {
  readonly senderName: string;
  readonly sentAt: Date;
}

/** The message's opening: XML declaration, `<ONIXMessage release="3.0">` and its `<Header>`. */
export function renderMessageStart({ senderName, sentAt }: OnixHeaderOptions): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<ONIXMessage release="3.0" xmlns="${ONIX_NAMESPACE}">\n` +
    `<Header><Sender><SenderName>${escapeXml(senderName)}</SenderName></Sender>` +
    `<SentDateTime>${onixDateTime(sentAt)}</SentDateTime>` +
    `<DefaultLanguageOfText>eng</DefaultLanguageOfText></Header>\n`
  );
}

export const MESSAGE_END = '</ONIXMessage>\n';

const element = (name: string, text: string) => `<${name}>${escapeXml(text)}</${name}>`;

function renderDescription(product: OnixProduct): string {
  if (product.descriptionXhtml === null) return '';
  const body =
    product.descriptionAs === 'escaped'
      ? escapeXml(product.descriptionXhtml)
      : cdata(product.descriptionXhtml);
  return (
    `<CollateralDetail><TextContent><TextType>03</TextType><ContentAudience>00</ContentAudience>` +
    `<Text textformat="05">${body}</Text></TextContent></CollateralDetail>`
  );
}

function renderProduct(product: OnixProduct): string {
  const title =
    product.title === null
      ? ''
      : `<TitleDetail><TitleType>01</TitleType><TitleElement><TitleElementLevel>01</TitleElementLevel>` +
        element('TitleText', product.title) +
        (product.subtitle ? element('Subtitle', product.subtitle) : '') +
        `</TitleElement></TitleDetail>`;
  const contributors = product.authors
    .map(
      (name, i) =>
        `<Contributor><SequenceNumber>${i + 1}</SequenceNumber><ContributorRole>A01</ContributorRole>` +
        `${element('PersonName', name)}</Contributor>`,
    )
    .join('');
  const subjects = [
    ...product.themaSubjects.map(
      (code, i) =>
        `<Subject>${i === 0 ? '<MainSubject/>' : ''}<SubjectSchemeIdentifier>93</SubjectSchemeIdentifier>` +
        `<SubjectSchemeVersion>1.5</SubjectSchemeVersion>${element('SubjectCode', code)}</Subject>`,
    ),
    ...product.themaPlaces.map(
      (code) =>
        `<Subject><SubjectSchemeIdentifier>94</SubjectSchemeIdentifier>` +
        `<SubjectSchemeVersion>1.5</SubjectSchemeVersion>${element('SubjectCode', code)}</Subject>`,
    ),
    ...(product.keywords.length > 0
      ? [
          `<Subject><SubjectSchemeIdentifier>20</SubjectSchemeIdentifier>` +
            `${element('SubjectHeadingText', product.keywords.join('; '))}</Subject>`,
        ]
      : []),
  ].join('');
  const prices = product.prices
    .map(
      (p) =>
        `<Price><PriceType>${p.type}</PriceType><PriceAmount>${p.amount}</PriceAmount>` +
        `<CurrencyCode>${p.currency}</CurrencyCode></Price>`,
    )
    .join('');
  return (
    `<Product datestamp="${onixDateTime(product.updatedAt)}">` +
    element('RecordReference', product.recordReference) +
    `<NotificationType>03</NotificationType><RecordSourceType>01</RecordSourceType>` +
    `<ProductIdentifier><ProductIDType>15</ProductIDType>${element('IDValue', product.isbn13)}</ProductIdentifier>` +
    `<DescriptiveDetail><ProductComposition>00</ProductComposition>` +
    `<ProductForm>${product.form}</ProductForm>` +
    (product.formDetail ? `<ProductFormDetail>${product.formDetail}</ProductFormDetail>` : '') +
    title +
    contributors +
    `<Language><LanguageRole>01</LanguageRole>${element('LanguageCode', product.language)}</Language>` +
    subjects +
    `</DescriptiveDetail>` +
    renderDescription(product) +
    `<PublishingDetail><Publisher><PublishingRole>01</PublishingRole>` +
    `${element('PublisherName', product.publisher)}</Publisher>` +
    `<PublishingDate><PublishingDateRole>01</PublishingDateRole><Date>${product.publishedOn}</Date></PublishingDate>` +
    `</PublishingDetail>` +
    `<ProductSupply><SupplyDetail><Supplier><SupplierRole>01</SupplierRole>` +
    `<SupplierName>Waypost Travel Shop</SupplierName></Supplier>` +
    `<ProductAvailability>${product.availability}</ProductAvailability>${prices}` +
    `</SupplyDetail></ProductSupply>` +
    `</Product>\n`
  );
}

/** One `<Product>` of a feed: a full record (`03`) or a deletion (`05`). */
export function renderRecord(record: OnixRecord): string {
  if (record.notification === '03') return renderProduct(record.product);
  return (
    `<Product datestamp="${onixDateTime(record.deletedAt)}">` +
    element('RecordReference', record.recordReference) +
    `<NotificationType>05</NotificationType><DeletionText>Withdrawn from sale</DeletionText>` +
    `<ProductIdentifier><ProductIDType>15</ProductIDType>${element('IDValue', record.isbn13)}</ProductIdentifier>` +
    `</Product>\n`
  );
}

/** The record's XML broken as a faulty export breaks it: a closing tag that matches nothing. */
export function malformRecord(xml: string): string {
  return xml.replace('</RecordReference>', '</RecordRef>');
}
