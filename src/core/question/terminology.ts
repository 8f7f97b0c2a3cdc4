/**
 * Query normalization with the knowledge pack's terminology file: abbreviations, synonyms, spelling and
 * language variants map to one canonical term. The asker's text is kept for display; the normalized text
 * (question + the other names of every term it mentions) is used for retrieval only. Matching is on whole
 * words after case and diacritic folding, so "hormone anti-mullerienne" finds "anti-müllerian hormone".
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ErrorCode, RoundsError } from '../errors.js';
import { isStopWord, terms, words } from '../text.js';
import { cognateKey, withinOneEdit } from './spelling.js';

const fileSchema = z.object({
  terms: z.array(z.object({ canonical: z.string().min(1), variants: z.array(z.string().min(1)).default([]) })).default([]),
});

export interface TermGroup {
  canonical: string;
  /** Every name of the term (canonical first). */
  names: string[];
}

export interface TermMatch {
  /** The words of the question that matched (folded). */
  matched: string;
  group: TermGroup;
}

export interface Normalized {
  /** Question plus the other names of each matched term (for retrieval). */
  text: string;
  /** The other names alone (weighed less than the asker's own words by the lexical search). */
  expansion: string;
  matches: TermMatch[];
}

/**
 * Irregular forms that stemming leaves apart from their base word ("fell", "fallen" ≠ "fall"; "bled" ≠ "bleed"),
 * built in so every pack gets them: "a patient fell and hit their head" must find the falls guideline. Only
 * forms that are not also common words with another meaning ("left", "saw", "found" stay out).
 */
export const INFLECTIONS: TermGroup[] = [
  ['fall', 'fell', 'fallen'],
  ['bleed', 'bled'],
  ['break', 'broke', 'broken'],
  ['bite', 'bitten'],
  ['swell', 'swollen'],
  ['sting', 'stung'],
  ['freeze', 'froze', 'frozen'],
].map((names) => ({ canonical: names[0] as string, names }));

/** The built-in clinical terms (see Terminology.load), read once. */
export const BUILT_IN_TERMS_FILE = fileURLToPath(new URL('../../../lexicon/clinical-terms.yaml', import.meta.url));
let builtIn: TermGroup[] | undefined;
function builtInTerms(): TermGroup[] {
  builtIn ??= readTermsFile(BUILT_IN_TERMS_FILE);
  return builtIn;
}

function readTermsFile(path: string): TermGroup[] {
  if (!existsSync(path)) return [];
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new RoundsError(ErrorCode.ConfigInvalid, `Terminology file ${path} is not valid YAML: ${(cause as Error).message}`, { cause });
  }
  const parsed = fileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new RoundsError(
      ErrorCode.ConfigInvalid,
      `Terminology file ${path}: ${first?.path.join('.')}: ${first?.message}. Each entry needs "canonical" and a "variants" list.`,
    );
  }
  return parsed.data.terms.map((t) => ({ canonical: t.canonical, names: [t.canonical, ...t.variants] }));
}

interface Entry {
  words: string[];
  group: TermGroup;
}

/** A name's content words as cognate keys (stop words left out), for matching forms the file does not list. */
interface CognateEntry {
  keys: string[];
  group: TermGroup;
}

export interface MatchOptions {
  /**
   * Words that may be matched as cognates or spelling variants of a listed name ("ormone antimulleriano",
   * "emorragia post-partum"): the answer pipeline passes the words the knowledge base never uses, so a word it
   * knows is never read as another term.
   */
  fuzzy?: (word: string) => boolean;
}

/** Words shorter than this are not read as cognates. */
const COGNATE_FROM = 5;

/** Cognate keys this long may differ by one edit ("antimuleriano" / "antimuleriana"); shorter ones must be equal. */
const COGNATE_EDIT_FROM = 6;

function cognateKeys(name: string): string[][] {
  const split = words(name).filter((w) => !isStopWord(w));
  const joined = words(name.replace(/[-‐‑]/g, '')).filter((w) => !isStopWord(w));
  const out = [split.map(cognateKey)];
  if (joined.length !== split.length) out.push(joined.map(cognateKey));
  return out;
}

/** Cognate keys are the same term when equal, or one edit apart when both are long enough to tell apart. */
function sameKey(a: string, b: string): boolean {
  return a === b || (a.length >= COGNATE_EDIT_FROM && b.length >= COGNATE_EDIT_FROM && withinOneEdit(a, b));
}

export class Terminology {
  private readonly byFirstWord = new Map<string, Entry[]>();
  private readonly cognates: CognateEntry[] = [];
  private readonly listedWords = new Set<string>();
  readonly groups: TermGroup[];

  constructor(groups: TermGroup[]) {
    this.groups = groups;
    for (const group of groups) {
      for (const name of group.names) {
        const w = words(name);
        for (const x of w) this.listedWords.add(x);
        const first = w[0];
        if (!first) continue;
        const list = this.byFirstWord.get(first) ?? [];
        list.push({ words: w, group });
        // Longest phrase first so "serum amh eclia" wins over "serum amh".
        list.sort((a, b) => b.words.length - a.words.length);
        this.byFirstWord.set(first, list);
        for (const keys of cognateKeys(name)) {
          // A name of only short words ("PET", "TXA") is too easily met by chance.
          if (keys.some((k) => k.length >= COGNATE_FROM)) this.cognates.push({ keys, group });
        }
      }
    }
  }

  /** Whether a word is part of a listed name ("mag" of "mag sulf"): clinical vocabulary, never a patient's name. */
  lists(word: string): boolean {
    const w = words(word);
    return w.length > 0 && w.every((x) => this.listedWords.has(x));
  }

  static empty(): Terminology {
    return new Terminology([]);
  }

  /**
   * Loads a knowledge base's terminology YAML file, then the built-in clinical terms (lexicon/clinical-terms.yaml:
   * abbreviations, UK and US spellings, brand names every pack's readers type) and irregular forms (INFLECTIONS);
   * a missing file gives the built-in terms alone, a malformed one a clear error. The pack's own names come first.
   */
  static load(path: string): Terminology {
    return new Terminology([...readTermsFile(path), ...builtInTerms(), ...INFLECTIONS]);
  }

  /** Finds term mentions (longest match first, no overlaps); with `fuzzy`, also cognates of listed names. */
  match(text: string, options: MatchOptions = {}): TermMatch[] {
    const w = words(text);
    const out: TermMatch[] = [];
    for (let i = 0; i < w.length; ) {
      const candidates = this.byFirstWord.get(w[i] as string);
      const hit = candidates?.find((e) => e.words.every((x, j) => w[i + j] === x));
      if (hit) {
        out.push({ matched: hit.words.join(' '), group: hit.group });
        i += hit.words.length;
        continue;
      }
      const word = w[i] as string;
      const cognate = word.length >= COGNATE_FROM && options.fuzzy?.(word) ? this.cognateAt(w, i) : undefined;
      if (cognate) {
        out.push({ matched: w.slice(i, i + cognate.length).join(' '), group: cognate.group });
        i += cognate.length;
      } else i += 1;
    }
    return out;
  }

  /**
   * The longest listed name whose content words match the question's words from position i as cognates, the
   * question's own stop words skipped and a hyphenated or split word joined ("post partum" = "postpartum").
   */
  private cognateAt(w: string[], i: number): { group: TermGroup; length: number } | undefined {
    let best: { group: TermGroup; length: number; keys: number } | undefined;
    for (const entry of this.cognates) {
      let p = i;
      let ok = true;
      for (const key of entry.keys) {
        while (p > i && p < w.length && isStopWord(w[p] as string)) p += 1;
        const one = w[p];
        if (one === undefined) {
          ok = false;
          break;
        }
        if (sameKey(cognateKey(one), key)) p += 1;
        else if (w[p + 1] !== undefined && sameKey(cognateKey(one + (w[p + 1] as string)), key)) p += 2;
        else {
          ok = false;
          break;
        }
      }
      if (ok && (!best || entry.keys.length > best.keys)) best = { group: entry.group, length: p - i, keys: entry.keys.length };
    }
    return best && { group: best.group, length: best.length };
  }

  normalize(text: string, options: MatchOptions = {}): Normalized {
    const matches = this.match(text, options);
    if (matches.length === 0) return { text, expansion: '', matches };
    const extra: string[] = [];
    const seen = new Set<string>();
    for (const m of matches) {
      // The canonical name and the first few variants (the main spellings and abbreviation): appending every
      // foreign-language variant would only add noise to the dense query.
      for (const name of m.group.names.slice(0, 4)) {
        const key = words(name).join(' ');
        if (key === m.matched || seen.has(key)) continue;
        seen.add(key);
        extra.push(name);
      }
    }
    return { text: `${text}\n${extra.join('; ')}`, expansion: extra.join('; '), matches };
  }

  /**
   * Query term groups for coverage: each matched term counts once and is covered when any of its names is
   * present; the other query terms count on their own.
   */
  coverageGroups(text: string, options: MatchOptions = {}): string[][][] {
    const matches = this.match(text, options);
    const matchedTerms = new Set<string>();
    const groups: string[][][] = [];
    for (const m of matches) {
      // A name made of function words only ("IM" is German "im") asks nothing the sources must hold.
      if (terms(m.matched).length === 0) continue;
      for (const t of terms(m.matched)) matchedTerms.add(t);
      const alternatives = m.group.names.map((n) => terms(n)).filter((a) => a.length > 0);
      if (alternatives.length) groups.push(alternatives);
    }
    for (const t of new Set(terms(text))) if (!matchedTerms.has(t)) groups.push([[t]]);
    return groups;
  }
}
