import { textMentionCandidates } from './text.mentions';

describe('textMentionCandidates', () => {
  it('gives the runs of capitalised words of each part of a title', () => {
    expect(textMentionCandidates('Paris, Texas: A Small-Town Road Trip')).toEqual(
      expect.arrayContaining(['Paris', 'Texas', 'Small-Town', 'Small-Town Road Trip', 'Road Trip']),
    );
    expect(textMentionCandidates('Paris, Texas: A Small-Town Road Trip')).not.toContain(
      'Paris Texas',
    );
  });

  it('keeps connectors inside a name, drops possessives and words that are no names', () => {
    expect(textMentionCandidates('Walking Frankfurt am Main')).toContain('Frankfurt am Main');
    expect(textMentionCandidates("Lisbon's Trams")).toEqual(['Lisbon', 'Lisbon Trams', 'Trams']);
    expect(textMentionCandidates('The Rough Road to Hamburg')).toEqual(
      expect.arrayContaining(['Rough', 'Rough Road', 'Hamburg']),
    );
    expect(textMentionCandidates('The Rough Road to Hamburg')).not.toContain('The');
    expect(textMentionCandidates('48 hours in town')).toEqual([]);
  });
});
