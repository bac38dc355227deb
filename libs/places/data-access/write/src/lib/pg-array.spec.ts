import { sql } from 'kysely';
import { TestDatabase, createTestDatabase } from '@waypost/shared/testing';
import { numberArray, textArray, textArrayElement, timestampArray } from './pg-array';

describe('PostgreSQL array literals', () => {
  it('quotes every text, escapes quotes and backslashes, and writes NULL for null', () => {
    const rows = ['plain', 'say "hi"', 'back\\slash', 'NULL', '', null, '{a,b}'];
    expect(textArray(rows, (r) => r)).toBe(
      '{"plain","say \\"hi\\"","back\\\\slash","NULL","",NULL,"{a,b}"}',
    );
  });

  it('writes numbers, timestamps and nested text arrays', () => {
    expect(numberArray([1.5, -2, null, 1e21], (r) => r)).toBe('{1.5,-2,NULL,1e+21}');
    expect(timestampArray([new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6))], (r) => r)).toBe(
      '{"2026-01-02T03:04:05.006Z"}',
    );
    const chain = textArrayElement(['world', 'country-"x"']);
    expect(chain).toBe('{"world","country-\\"x\\""}');
    expect(textArray([chain], (r) => r)).toBe('{"{\\"world\\",\\"country-\\\\\\"x\\\\\\"\\"}"}');
  });

  describe('read back by PostgreSQL', () => {
    let database: TestDatabase<unknown>;
    beforeAll(async () => {
      database = await createTestDatabase({ empty: true });
    });
    afterAll(async () => {
      await database?.drop();
    });

    it('gives back the same values', async () => {
      const texts = [
        'plain',
        'say "hi"',
        'back\\slash',
        'NULL',
        '',
        null,
        '{a,b}',
        'tab\tnew\nline',
      ];
      const chains = [['world', 'say "x"'], [], ['a\\b']];
      const { rows } = await sql<{ texts: (string | null)[]; chains: string[][]; n: number[] }>`
        select ${textArray(texts, (t) => t)}::text[] as texts,
               (select json_agg(c::text[]) from unnest(${textArray(chains, textArrayElement)}::text[]) c) as chains,
               ${numberArray([1.5, -2, null], (n) => n)}::float8[] as n`.execute(database.db);
      expect(rows[0]!.texts).toEqual(texts);
      expect(rows[0]!.n).toEqual([1.5, -2, null]);
      expect(rows[0]!.chains).toEqual(chains);
    });
  });
});
