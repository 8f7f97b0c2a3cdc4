/**
 * Words of a question with what name detection needs to know about each: case, position, possessive, and whether
 * the knowledge base, English, the first-name and names lists or the eponyms know it.
 */
import { fold, terms } from '../text.js';
import {
  COMMON,
  FILLERS,
  LOWER_SHORTHAND,
  NOT_NAMES,
  PATIENT_CUES,
  PLACE_WORDS,
  SHORTHAND,
  TITLES_ANY_CASE,
  TITLES_CAPITAL,
  WEAK_CUES,
} from './cues.js';
import { nameLexicon } from './lexicon.js';

export interface Tok {
  text: string;
  base: string;
  lower: string;
  start: number;
  end: number;
  /** A redaction token such as [MRN]: ends a name, and [LOCATION] is bed/ward context. */
  token: boolean;
  cap: boolean;
  sentenceStart: boolean;
  possessive: boolean;
  initial: boolean;
  stop: boolean;
  clinical: boolean;
  /** "Crohn", "Hartmann", "Waterlow": not a name by itself, but may be one after a title or patient word. */
  eponym: boolean;
  hyphenated: boolean;
  surname: boolean;
  nameWord: boolean;
  english: boolean;
  first: boolean;
  unknown: boolean;
}

const WORD = /\[[A-Z0-9 +]+\]|[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*/gu;
export function tokenize(text: string, known: (word: string) => boolean): Tok[] {
  const { english, firstNames, names, eponyms } = nameLexicon();
  const toks: Tok[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    const start = m.index ?? 0;
    const end = start + raw.length;
    const before = text.slice(Math.max(0, start - 3), start);
    const prev = toks[toks.length - 1];
    const sentenceStart = !prev || (/[.!?:;\n]\s*$/.test(before) && !prev.initial && !isTitle(prev));
    if (raw.startsWith('[') || /\p{N}/u.test(raw)) {
      toks.push({
        text: raw,
        base: raw,
        lower: raw,
        start,
        end,
        token: true,
        cap: false,
        sentenceStart,
        possessive: false,
        initial: false,
        stop: false,
        clinical: false,
        eponym: false,
        hyphenated: false,
        surname: false,
        nameWord: false,
        english: false,
        first: false,
        unknown: false,
      });
      continue;
    }
    let base = raw;
    let possessive = false;
    if (/['’]s$/i.test(raw)) {
      base = raw.slice(0, -2);
      possessive = true;
    } else if (/s$/i.test(raw) && /^['’](?![\p{L}])/u.test(text.slice(end, end + 2))) possessive = true;
    const lower = fold(base).replace(/’/g, "'");
    const cap = /^\p{Lu}/u.test(base);
    const initial = base.length === 1 && cap;
    const stop = !initial && terms(base).length === 0;
    const parts = lower.split('-');
    const isEnglish = (w: string) => english.has(w) || english.has(w.replace(/'/g, ''));
    const eng = isEnglish(lower) || (parts.length > 1 && parts.every(isEnglish));
    const eponym = eponyms.has(lower);
    const clinical =
      !stop && (NOT_NAMES.has(lower) || SHORTHAND.has(lower) || (!cap && LOWER_SHORTHAND.has(lower)) || safeKnown(known, base));
    const first = firstNames.has(lower) || (parts.length > 1 && parts.every((p) => firstNames.has(p)));
    const allCaps = base.length > 1 && base === base.toUpperCase();
    // In the names list and unknown to English ("Fatima", "Okonkwo"): a name near a cue, not on its own.
    const nameWord = !stop && !allCaps && base.length >= 3 && names.has(lower) && !eng;
    // A surname English also knows ("brannigan"), never a verb-like form ("needs", "taking", "fell").
    const verbish =
      [/s$/, /ed$/, /d$/, /ing$/, /ly$/].some((re) => re.test(lower) && isEnglish(lower.replace(re, ''))) || /ing$/.test(lower);
    const surname = !stop && names.has(lower) && !verbish && !COMMON.has(lower);
    // An acronym ("ICU", "AKI", "NEWS") is not a name; a name typed in capitals that is a first name still counts.
    const acronymPart = parts.length > 1 && base.split('-').some((p) => p.length > 1 && p === p.toUpperCase());
    const unknown =
      !stop &&
      !eng &&
      !clinical &&
      !eponym &&
      !acronymPart &&
      !initial &&
      base.length >= 2 &&
      !(allCaps && !first) &&
      /^[\p{L}'’-]+$/u.test(base);
    toks.push({
      text: raw,
      base,
      lower,
      start,
      end,
      token: false,
      cap,
      sentenceStart,
      possessive,
      initial,
      stop,
      clinical,
      eponym,
      hyphenated: parts.length > 1,
      surname,
      nameWord,
      english: eng,
      first,
      unknown,
    });
  }
  return toks;
}

/** Cue and filler words are never names themselves ("for pt on Cedar ward"). */
export function isCue(t: Tok): boolean {
  return PATIENT_CUES.has(t.lower) || WEAK_CUES.has(t.lower) || FILLERS.has(t.lower) || PLACE_WORDS.has(t.lower) || isTitle(t);
}

export function isTitle(t: Tok): boolean {
  return TITLES_ANY_CASE.has(t.lower) || (t.cap && TITLES_CAPITAL.has(t.lower));
}

function safeKnown(known: (word: string) => boolean, word: string): boolean {
  try {
    return known(word);
  } catch {
    return false;
  }
}
