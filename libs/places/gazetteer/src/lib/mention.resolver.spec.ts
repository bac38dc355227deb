import { MentionCandidate, mentionKey, resolveMentionSet } from './mention.resolver';

const place = (
  id: string,
  ancestorIds: string[],
  population: number | null = null,
): MentionCandidate => ({ id, ancestorIds, population });

const FR = ['world', 'continent-eu', 'country-fr'];
const US_TX = ['world', 'continent-na', 'country-us', 'region-us-tx'];
const france = place('country-fr', ['world', 'continent-eu'], 52_938_920);
const texas = place('region-us-tx', US_TX.slice(0, 3), 21_405_507);
const paris = place('city-2988507', [...FR, 'region-fr-11'], 2_138_551);
const parisTexas = place('city-4717560', US_TX, 24_782);
const berlinState = place('region-de-16', ['world', 'continent-eu', 'country-de'], 3_426_354);
const berlin = place('city-2950159', [...berlinState.ancestorIds, 'region-de-16'], 3_426_354);
const berlinUs = place(
  'city-5083330',
  ['world', 'continent-na', 'country-us', 'region-us-nh'],
  9_367,
);
const georgiaState = place('region-us-ga', ['world', 'continent-na', 'country-us'], 4_627_323);
const georgia = place('country-ge', ['world', 'continent-as'], 2_380_598);
const tbilisi = place('city-611717', ['world', 'continent-as', 'country-ge', 'region-ge-tb'], 1e6);

const CANDIDATES = new Map<string, MentionCandidate[]>([
  ['paris', [paris, parisTexas]],
  ['texas', [texas]],
  ['france', [france]],
  ['berlin', [berlinState, berlin, berlinUs]],
  ['georgia', [georgiaState, georgia]],
  ['tbilisi', [tbilisi]],
]);
const resolve = (names: string[], context: MentionCandidate[] = []) =>
  resolveMentionSet({ names, context }, CANDIDATES).map((p) => p.id);

describe('resolveMentionSet', () => {
  it('settles an ambiguous name by the other places mentioned', () => {
    expect(resolve(['Paris', 'Texas'])).toEqual([parisTexas.id, texas.id]);
    expect(resolve(['France', 'PARIS'])).toEqual([france.id, paris.id]);
    expect(resolve(['Tbilisi', 'Georgia'])).toEqual([tbilisi.id, georgia.id]);
  });

  it('falls back to the most populous place, then the smallest id', () => {
    expect(resolve(['Paris'])).toEqual([paris.id]);
    expect(resolve(['Georgia'])).toEqual([georgiaState.id]);
    const twins = new Map([['x', [place('b', [], 5), place('a', [], 5)]]]);
    expect(resolveMentionSet({ names: ['x'] }, twins).map((p) => p.id)).toEqual(['a']);
  });

  it('prefers the deepest of nested namesakes', () => {
    expect(resolve(['Berlin'])).toEqual([berlin.id]);
  });

  it('uses context places like mentions, and leaves out names that match nothing', () => {
    expect(resolve(['Paris', 'Travel tips'], [parisTexas])).toEqual([parisTexas.id]);
    expect(resolve([' paris ', 'Paris', 'Food & Drink'])).toEqual([paris.id]);
    expect(resolve([])).toEqual([]);
  });

  it('keys names by trimmed lower case', () => {
    expect(mentionKey('  Île-de-France ')).toBe('île-de-france');
  });
});
