import { OnixFeedError, OnixStreamParser } from './onix.parser';

const HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><ONIXMessage release="3.0" xmlns="http://ns.editeur.org/onix/3.0/reference"><Header/>';
const product = (ref: string, text = '<![CDATA[<p>x</p>]]>') =>
  `<Product datestamp="20260301T090000Z"><RecordReference>${ref}</RecordReference><NotificationType>03</NotificationType>` +
  `<DescriptiveDetail><TitleDetail><TitleElement><TitleText>T &amp; U</TitleText></TitleElement></TitleDetail></DescriptiveDetail>` +
  `<CollateralDetail><TextContent><TextType>03</TextType><Text textformat="05">${text}</Text></TextContent></CollateralDetail></Product>`;

describe('OnixStreamParser', () => {
  it('hands over each product as its closing tag arrives, whatever the chunks', () => {
    const xml = `${HEAD}${product('a')}${product('b')}</ONIXMessage>`;
    const parser = new OnixStreamParser();
    const seen: string[] = [];
    for (let i = 0; i < xml.length; i += 7) {
      seen.push(...parser.write(xml.slice(i, i + 7)).map((p) => p.recordReference));
    }
    expect(parser.end()).toEqual([]);
    expect(seen).toEqual(['a', 'b']);
  });

  it('resolves entities and CDATA, and keeps XHTML sent as elements as markup', () => {
    const parser = new OnixStreamParser();
    const [cdata, escaped, elements] = parser.write(
      `${HEAD}${product('a')}${product('b', '&lt;p&gt;A &amp;amp; B&lt;/p&gt;')}` +
        `${product('c', '<p xmlns="http://www.w3.org/1999/xhtml">A <b>bold</b> &amp; &#8212; move</p>')}</ONIXMessage>`,
    );
    expect(cdata).toMatchObject({
      title: 'T & U',
      description: '<p>x</p>',
      datestamp: '20260301T090000Z',
    });
    expect(escaped!.description).toBe('<p>A &amp; B</p>');
    expect(elements!.description).toBe(
      '<p xmlns="http://www.w3.org/1999/xhtml">A <b>bold</b> &amp; — move</p>',
    );
  });

  it('hands over what completed before malformed XML, then throws', () => {
    const parser = new OnixStreamParser();
    const broken = product('b').replace('</RecordReference>', '</RecordRef>');
    expect(
      parser.write(`${HEAD}${product('a')}${broken}${product('c')}`).map((p) => p.recordReference),
    ).toEqual(['a']);
    expect(() => parser.write('</ONIXMessage>')).toThrow(OnixFeedError);
  });

  it('throws at the end of a message cut off mid-product', () => {
    const parser = new OnixStreamParser();
    expect(parser.write(`${HEAD}${product('a')}${product('b').slice(0, 60)}`)).toHaveLength(1);
    expect(() => parser.end()).toThrow(/cut off/);
  });
});
