import { types } from 'pg';
import { parseTextArray } from './database';

// What node-postgres' own text[] parser gives (pg-types' parseStringArray).
const arrayParser = types.arrayParser as unknown as { create(v: string): { parse(): unknown } };
const reference = (value: string) => arrayParser.create(value).parse();
const TEXT_ARRAY = 1009 as Parameters<typeof types.getTypeParser>[0];

describe('parseTextArray', () => {
  it.each([
    '{}',
    '{a}',
    '{country-de,region-de-11,city-2950159}',
    '{NULL,a}',
    '{"NULL",a}',
    '{"",a}',
    '{"a,b","c d",e}',
    '{"with \\"quote\\"","back\\\\slash"}',
    '{{a,b},{c,d}}',
    '[0:1]={a,b}',
  ])('parses %s as node-postgres does', (value) => {
    expect(parseTextArray(value)).toEqual(reference(value));
  });

  it('is the parser node-postgres uses for text[]', () => {
    expect(types.getTypeParser(TEXT_ARRAY)).toBe(parseTextArray);
  });
});
