/** Words that join the parts of a place name (Frankfurt am Main, Rio de Janeiro). */
const CONNECTORS = new Set([
  'am',
  'an',
  'de',
  'del',
  'der',
  'des',
  'di',
  'do',
  'da',
  'la',
  'le',
  'of',
  'on',
  'upon',
  'sur',
  'im',
]);
/** Capitalised words that never name a place on their own. */
const NOT_NAMES = new Set(['a', 'an', 'the', 'and', 'in', 'to', 'for', 'by', 'with', 'from', 'at']);
/** Where a name cannot run on: punctuation that separates the parts of a title. */
const SEPARATORS = /[:;,.!?()[\]{}"“”‘«»–—/|+&]|\s-\s/u;

const capitalised = (word: string) => /^\p{Lu}/u.test(word);

/**
 * The names a title or heading may be mentioning ("Paris, Texas: A Small-Town Road Trip" gives
 * Paris, Texas, Small-Town, Road, Trip, Small-Town Road, ...): every run of up to `maxWords`
 * capitalised words (joined by connectors such as `de` or `am`) within a part of the text, a
 * possessive `'s` dropped. Meant for `Gazetteer.resolveMentions` beside the content's other names,
 * which keeps only those that name a place.
 */
export function textMentionCandidates(text: string, maxWords = 3): string[] {
  const found = new Set<string>();
  for (const part of text.split(SEPARATORS)) {
    const words = part
      .split(/\s+/u)
      .map((w) => w.replace(/['’]s$/u, '').replace(/^['’]+|['’]+$/gu, ''))
      .filter((w) => w !== '');
    for (let start = 0; start < words.length; start++) {
      if (!capitalised(words[start]!) || NOT_NAMES.has(words[start]!.toLowerCase())) continue;
      let taken = 0;
      for (let end = start; end < words.length && taken < maxWords; end++) {
        const word = words[end]!;
        if (capitalised(word)) {
          taken++;
          found.add(words.slice(start, end + 1).join(' '));
        } else if (!CONNECTORS.has(word) || end === words.length - 1) {
          break;
        }
      }
    }
  }
  return [...found];
}
