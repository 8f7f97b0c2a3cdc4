/**
 * Spelling tolerance for question words the knowledge base never uses: "nitrofurantion" is searched as
 * "nitrofurantoin", "taupathy" as "tauopathy", "posisitions" as "positions". A word is corrected only to a spelling
 * the knowledge base itself uses (the lexical index knows its stem), one edit away (two deletions for long words),
 * preferring the most used, and never a dictionary word (`word-list`, the redactor's English list): on PubMedQA the
 * corrector had turned "familiar" into "familial", "compromised" into "comprised" and "staple" into "stable".
 * Corrections are told to the asker ("Did you mean …?").
 *
 * Candidates are generated from the typed word (Norvig's edits) rather than searched for in the vocabulary: about
 * 50 candidates a letter, each a memoised stem and a map lookup, whatever the size of the index, and each candidate
 * is a real spelling to show. Libraries weighed: `fastest-levenshtein` (a distance, no search, no transpositions),
 * `nspell` (Hunspell dictionaries: English words, not the pack's drug and disease names).
 *
 * Clinical safety: a listed medicine is never corrected into another word, and a misspelt medicine the knowledge
 * base lacks stays that medicine (so Rounds abstains on it) rather than becoming a near neighbour it knows.
 */

import { fold, stem, terms } from '../text.js';
import type { MedicineLexicon } from './medicines.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Every string one deletion, transposition, substitution or insertion away (lower-case a–z). */
export function edits1(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i += 1) {
    const a = word.slice(0, i);
    const b = word.slice(i);
    if (b) out.add(a + b.slice(1));
    if (b.length > 1) out.add(a + (b[1] as string) + (b[0] as string) + b.slice(2));
    for (const c of LETTERS) {
      if (b) out.add(a + c + b.slice(1));
      out.add(a + c + b);
    }
  }
  out.delete(word);
  return out;
}

function deletions(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i += 1) out.add(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/**
 * Shortest word that is corrected at all: five-letter words of other languages are too often one letter from an
 * English one ("parto" → "parte", "quale" → "equal").
 */
export const MIN_LENGTH = 6;
const TWO_EDITS_FROM = 9;
/** Shortest word read for its root ("itchy", "shaky"). */
const ROOT_MIN_LENGTH = 5;
const SAME_LENGTH_BELOW = 7;

/**
 * The spelling the knowledge base uses for a word it does not know, or undefined. `docFrequency` is over stemmed
 * terms (the lexical index's).
 */
export function correctWord(word: string, docFrequency: (term: string) => number): string | undefined {
  if (word.length < MIN_LENGTH || !/^[a-z]+$/.test(word)) return undefined;
  const best = (candidates: Iterable<string>) => {
    let pick: string | undefined;
    let df = 0;
    for (const c of candidates) {
      if (c.length < 3) continue;
      const d = docFrequency(stem(c));
      if (d > df || (d === df && d > 0 && pick !== undefined && c < pick)) {
        pick = c;
        df = d;
      }
    }
    return pick;
  };
  // Short words only by substitution or transposition: an inserted or dropped letter turns too many short words
  // of other languages into English ones ("quale" → "equal", "parto" → "part").
  const candidates = edits1(word);
  const one = best(word.length < SAME_LENGTH_BELOW ? [...candidates].filter((c) => c.length === word.length) : candidates);
  if (one || word.length < TWO_EDITS_FROM) return one;
  const two = new Set<string>();
  for (const d of deletions(word)) for (const e of deletions(d)) two.add(e);
  return best(two);
}

export interface Correction {
  /** The asker's word, folded (never shown: it may be an identifier the redactor missed). */
  typed: string;
  /** The spelling searched instead. */
  corrected: string;
  /** Set when the word is a misspelt medicine the knowledge base lacks. */
  medicine?: string;
  /** Set when the corrected word is the typed one's root, not another spelling ("wheezy" → "wheeze"). */
  root?: boolean;
}

/**
 * The root the knowledge base uses of an everyday adjective made from it, or undefined: "wheezy" → "wheeze",
 * "itchy" → "itch", "sweaty" → "sweat", "runny" → "run", "feverish" → "fever". Askers describe symptoms this way;
 * protocols name them ("wheezing", "fever"). Only -y and -ish (not the adverbs "really", "usually"), only to a root
 * of four letters or more that is a word and that the index knows, the most used first.
 */
export function derivedRoot(word: string, docFrequency: (term: string) => number, isWord: (w: string) => boolean): string | undefined {
  // Adverbs of -al adjectives ("really", "usually") are not symptoms described.
  if (word.endsWith('lly')) return undefined;
  const base = word.endsWith('ish') ? word.slice(0, -3) : word.endsWith('y') ? word.slice(0, -1) : undefined;
  if (!base || base.length < 4 || !/^[a-z]+$/.test(base)) return undefined;
  const doubled = /([b-df-hj-np-tv-z])\1$/.test(base) ? [base.slice(0, -1)] : [];
  let pick: string | undefined;
  let df = 0;
  for (const c of [base, `${base}e`, ...doubled]) {
    if (c.length < 3) continue;
    const d = docFrequency(stem(c));
    // Of roots searched alike ("wheez", "wheeze"), the one that is a word is shown.
    if (d > df || (d > 0 && d === df && isWord(c) && !(pick && isWord(pick)))) {
      pick = c;
      df = d;
    }
  }
  // The root must be a word itself ("mammography" is not an adjective of "mammograph").
  return pick && isWord(pick) ? pick : undefined;
}

export interface SpellingDeps {
  docFrequency(term: string): number;
  medicines?: MedicineLexicon;
  /** Words the terminology file matches (exactly or as a cognate) are not corrected. */
  isTerm?(word: string): boolean;
  /**
   * Dictionary words are not corrected either: "dangerous", "undiagnosed", "positron" are what the asker meant,
   * words the knowledge base happens not to use, not misspellings of "sangerous", "diagnosed", "position".
   */
  isWord?(word: string): boolean;
}

/**
 * Corrects the words of a (redacted) question the knowledge base never uses. Returns the text with corrected words
 * replaced, for retrieval, and the corrections made.
 */
export function correctSpelling(text: string, deps: SpellingDeps): { text: string; corrections: Correction[] } {
  const corrections: Correction[] = [];
  const seen = new Map<string, string | undefined>();
  const out = text.replace(/[\p{L}\p{N}]+/gu, (raw) => {
    const w = fold(raw);
    if (!seen.has(w)) seen.set(w, decide(w, deps, corrections));
    return seen.get(w) ?? raw;
  });
  return { text: out, corrections };
}

function decide(w: string, deps: SpellingDeps, corrections: Correction[]): string | undefined {
  if (w.length < ROOT_MIN_LENGTH || !/^[a-z]+$/.test(w)) return undefined;
  const [t] = terms(w);
  if (!t || deps.docFrequency(t) > 0 || deps.isTerm?.(w)) return undefined;
  if (!deps.medicines?.named([t]).length) {
    const root = deps.isWord && derivedRoot(w, deps.docFrequency, deps.isWord);
    if (root) {
      corrections.push({ typed: w, corrected: root, root: true });
      return root;
    }
  }
  if (w.length < MIN_LENGTH) return undefined;
  const medicines = deps.medicines;
  if (medicines) {
    // A listed medicine is what the asker meant, known to the knowledge base or not.
    if (medicines.named([t]).length > 0) return undefined;
    const meant = medicines.spelledLike(w);
    if (meant) {
      if (deps.docFrequency(stem(meant)) === 0) {
        corrections.push({ typed: w, corrected: meant, medicine: meant });
        return meant;
      }
    }
  }
  if (deps.isWord?.(w)) return undefined;
  const corrected = correctWord(w, deps.docFrequency);
  if (!corrected) return undefined;
  corrections.push({ typed: w, corrected });
  return corrected;
}

/** Whether two strings are at most one deletion, insertion, substitution or adjacent transposition apart. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i += 1;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * A spelling key under which a term's forms in European languages meet: "ipoglicemia" (it), "hipoglucemia" (es),
 * "hypoglycaemia" (en) and "hypoglykemie" (nl) differ by the letters it folds (ph/f, th/t, y/i, k/c, ae/e, oe/e, a
 * silent h, doubled letters) and a final vowel. Two keys one edit apart name the same term.
 */
export function cognateKey(word: string): string {
  let k = fold(word)
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/y/g, 'i')
    .replace(/k/g, 'c')
    .replace(/ae|oe/g, 'e')
    .replace(/h/g, '')
    .replace(/(.)\1+/g, '$1');
  if (k.length > 4) k = k.replace(/[aeio]$/, '');
  return k;
}
