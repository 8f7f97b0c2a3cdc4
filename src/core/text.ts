/**
 * Tokenization shared by the lexical index, the offline embedder, the extractive composer and citation
 * verification, so that "supports" means the same thing everywhere.
 */

// A short stop list: clinical questions are short, so only words that never discriminate are dropped.
const STOP = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have having how i if in into is it its ' +
    'may me might must my no nor not of on or our shall should so than that the their them then there these they this those to ' +
    'was we were what when where which while who whom why will with would you your yes also any all about after before between ' +
    'de la le les des du et en un une el los las y del der die das und mit von zu ist im'
  ).split(' '),
);

/** Lowercase, strip diacritics (müllérienne → mullerienne), keep letters and digits. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** A conservative suffix stemmer (plurals, -ing, -ed, -ly, -ation): enough for paraphrases, safe for drug names. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.length > 5) {
    if (w.endsWith('ational')) w = `${w.slice(0, -7)}ate`;
    else if (w.endsWith('ation')) w = `${w.slice(0, -5)}ate`;
    else if (w.endsWith('ing')) w = w.slice(0, -3);
    else if (w.endsWith('edly')) w = w.slice(0, -4);
    else if (w.endsWith('ed')) w = w.slice(0, -2);
    else if (w.endsWith('ly')) w = w.slice(0, -2);
  }
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Raw folded words (no stop-word removal, no stemming). */
export function words(text: string): string[] {
  return fold(text).match(WORD) ?? [];
}

/** Index/query terms: folded, stop words removed, stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (STOP.has(w)) continue;
    if (w.length === 1 && !/\d/.test(w)) continue;
    out.push(stem(w));
  }
  return out;
}

export function isStopWord(word: string): boolean {
  return STOP.has(word);
}

/** Splits prose into sentences, keeping list items and table rows as their own units. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const trimmed = line.trim();
    if (!trimmed || /^\|?\s*:?-{3,}/.test(trimmed)) continue;
    if (trimmed.startsWith('|') || /^([-*+]|\d+[.)])\s/.test(trimmed)) {
      out.push(trimmed);
      continue;
    }
    // Split after . ! ? followed by a space and a capital/digit; keeps "e.g. the" and "1.5 mg" together.
    for (const s of trimmed.split(/(?<=[.!?])\s+(?=[A-Z0-9(“"])/)) {
      if (s.trim()) out.push(s.trim());
    }
  }
  return out;
}
