/**
 * Tokenization shared by the lexical index, the offline embedder, the extractive composer and citation
 * verification, so that "supports" means the same thing everywhere.
 */

import { stemmer as porter } from 'stemmer';

// A short stop list: clinical questions are short, so only words that never discriminate are dropped.
const STOP = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have having how i if in into is it its ' +
    'may me might must my no nor not of on or our shall should so than that the their them then there these they this those to ' +
    // "what's" typed without its apostrophe at 3 a.m.
    'whats hows whens wheres whos whats thats theres ' +
    'was we were what when where which while who whom why will with would you your yes also any all about after before between ' +
    // French, Spanish and German function and question words (folded: no diacritics), so a question asked in
    // those languages is judged on its content words.
    'de la le les des du et en un une d l qu que qui quoi quel quelle quels quelles est sont pour par avec sans dans sur au aux ' +
    'ce cet cette ces son sa ses leur il elle on nous vous ils elles ne pas plus faut doit peut combien comment quand ou faire ' +
    'el los las y del al cual cuales su sus lo le hay cuanto cuanta cuantos cuantas como cuando donde debe deben puede hacer se ' +
    'con sin sobre una unos unas es son para por ' +
    'der die das den dem des ein eine einer einem einen und oder mit ohne von zu zum zur ist sind fur bei auf im an was wie wann ' +
    'wo welche welcher welches wieviel viel oft muss mussen soll sollte kann darf man nicht werden wird ' +
    // Italian, Portuguese and Dutch function words, for the same reason ("emorragia post-partum: quale farmaco?").
    // English look-alikes that carry meaning in a clinical question ("per", "op", "van", "em") stay out.
    'il lo gli della delle dei degli nel nella nei che di da uno sono qual quale quali quanto quanti dove perche cosa ogni tra fra ' +
    'os um uns umas dos das nos nas ao aos quais onde com sem deve pode ' +
    'het een voor met bij wat welke hoe hoeveel wanneer waar zijn moet niet aan naar'
  ).split(' '),
);

/** Lowercase, strip diacritics (müllérienne → mullerienne), keep letters and digits. */
export function fold(text: string): string {
  return (
    text
      // Trade and copyright marks are not letters: NFKD would turn "Yescarta™" into "YescartaTM".
      .replace(/[\u2122\u2120\u00ae\u00a9]/g, ' ')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
  );
}

/** Porter stemming (interpretation ≈ interpreting, uterotonics ≈ uterotonic); digits and short words stay as they are. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let s = STEMS.get(word);
  if (s === undefined) {
    s = porter(word);
    // Vocabularies are small and Porter is slow: memoise (bounded, so a flood of unique tokens cannot grow it).
    if (STEMS.size > 200_000) STEMS.clear();
    STEMS.set(word, s);
  }
  return s;
}

const STEMS = new Map<string, string>();

const WORD = /[\p{L}\p{N}]+/gu;

/** The words as typed (case and diacritics kept), split as `words` splits them: for showing a term to the asker. */
export function typedWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Raw folded words (no stop-word removal, no stemming). */
export function words(text: string): string[] {
  return fold(text).match(WORD) ?? [];
}

/** A folded word the short stop list drops (English, French, Spanish, German function words). */
export function isStopWord(word: string): boolean {
  return STOP.has(word);
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

/**
 * Everyday words that a question uses around its subject ("how often should obs be done…", "what now?").
 * They stay searchable but weigh a quarter in coverage: in a small knowledge base their IDF is high by chance,
 * and a source lacking "done" or "now" is not a source lacking the answer.
 */
const WEAK = new Set(
  (
    'often much many long done make made use used using give given take taken need needed start started stop stopped change ' +
    'changed best good well now then first next still ok okay normal way thing get got go going happen know tell say said mean ' +
    'person people someone one two three want right usual usually typical ever already straight away every day time week ' +
    'went up down otherwise affect result cause work recommend recommended advice rule guidance check happen whether ' +
    'patient pt pts should would could please quick quickly new old value level amount number type kind came come comes coming ' +
    // The bedside word for what is asked for ("crush meds"): the answer names the medicine, not "meds".
    'med meds'
  )
    .split(' ')
    .map((w) => stem(w)),
);

export function isWeakTerm(term: string): boolean {
  // Numbers in a question are usually the patient's values ("CrCl 30", "38.4"): they pick a table row but
  // their absence does not mean the source lacks the answer.
  return WEAK.has(term) || /^\d+$/.test(term);
}

/** Splits prose into sentences, keeping list items and table rows as their own units. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  // A line break written as HTML ("…sterile.<br><b>RESULTS</b>: …", as abstracts copied from the web carry) ends
  // a sentence like a newline does.
  for (const line of text.split(/\n+|<br\s*\/?>/i)) {
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
