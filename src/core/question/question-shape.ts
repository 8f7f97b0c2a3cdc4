/**
 * What shape of answer a question asks for, read from its wording: a list ("what are the elements…"), a place in a
 * sequence ("first-line"), a kind of fact ("how long" → a duration), and what it negates ("no bleeding"). The
 * extractive composer uses these to pick the passage that answers (compose-extractive.ts).
 */
import { ordinalsIn } from '../compose/extractive.js';
import { fold, isStopWord, terms } from '../text.js';

/** A question that asks for several things: an answer quotes a whole list rather than one item of it. */
const LIST_OPENING = /^\s*(please )?(list|name|enumerate|what (are|were))\b/i;
const LIST_NOUNS = /\b(elements|components|steps|criteria|signs|symptoms|features|causes|types|options|contents)\b/i;
const PLURAL = /^[a-z]{3,}(?<!ss|us|is)s$/;
const PLURAL_VERB = new Set(['are', 'were', 'have', 'do']);
const SINGULAR_VERB = new Set(['is', 'was', 'has', 'does']);

/**
 * A question that asks for several things: an answer quotes a whole list rather than one item of it. "Which
 * genes…", "which drugs are…", "list…", "what are the elements…"; not "which gene controls…", "which is…".
 */
export function isListQuestion(text: string): boolean {
  if (LIST_OPENING.test(text) || LIST_NOUNS.test(text)) return true;
  const m = /\b(?:which|what)\s+(.*)$/i.exec(fold(text));
  if (!m) return false;
  const words = (m[1] as string)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, 5);
  const first = words[0] ?? '';
  if (PLURAL.test(first) && !PLURAL_VERB.has(first) && !SINGULAR_VERB.has(first)) return true;
  const verb = words.find((w) => PLURAL_VERB.has(w) || SINGULAR_VERB.has(w));
  return verb !== undefined && PLURAL_VERB.has(verb) && !SINGULAR_VERB.has(words[0] ?? '');
}

/**
 * A question that asks for a thing by name or a fact ("which gene…", "what causes…", "where is it expressed", "how
 * rare…"), not a yes/no question ("is…", "does…").
 */
export function asksForName(text: string): boolean {
  const t = fold(text).trim();
  return (
    !/^(is|are|was|were|do|does|did|can|could|should|has|have|had|will|would|may|might|must)\b/.test(t) &&
    /\b(which|what|who|whom|where|when|how)\b/.test(t)
  );
}

export const ORDINAL_WORDS = new Set(terms('line choice first second third fourth 1st 2nd 3rd 4th'));
export const LIST_WORDS = new Set(terms('elements components steps criteria signs symptoms features causes types options contents list'));

/** The kind of fact asked for, as a pattern that a unit stating it matches. */
const FACETS: [RegExp, RegExp][] = [
  [
    /\bhow long\b|\bduration\b|\bfor how many\b/i,
    /\bfor (up to |at least )?\d+(\s*(–|-|to)\s*\d+)?\s*(minutes?|hours?|days?|weeks?|months?)\b|\buntil\b|\bcourse\b/i,
  ],
  [/\bhow often\b|\bfrequency\b|\bhow frequently\b/i, /\bevery\s+\d|\b(hourly|daily|twice|once|weekly)\b|\b\d+\s*times\b/i],
  [/\blooks? like\b|\bappearance\b|\bdescribe\b/i, /\bdescription\b|\bappear|\bvisible\b|\bskin\b|\bcolou?r\b/i],
  [
    /\bhow (does|do|would|might) (it|they|this|\w+) present\b|\bpresentation\b|\bsigns and symptoms\b/i,
    /\bfeatures?\b|\bsigns?\b|\bsymptoms?\b|\bpresents? with\b/i,
  ],
  [/\bhow much\b|\bdose\b|\bdosage\b|\bhow many (mg|units|ml)\b/i, /\d+(?:[.,]\d+)?\s*(mg|g|mcg|micrograms?|units?|mmol|ml|mL|mg\/kg)\b/i],
];

export function facetOf(text: string): { facet?: RegExp } {
  const hit = FACETS.find(([asks]) => asks.test(text));
  return hit ? { facet: hit[1] } : {};
}

/** Words that only frame the kind of fact asked for ("how does it present", "what does it look like"). */
export const FRAME_WORDS = new Set(terms('present presents look looks like'));

/** Whether the question's wording frames a facet, so its frame words are no words the answer must contain. */
export function framesFacet(text: string): boolean {
  return /\bhow (does|do|would|might) (it|they|this|\w+) present\b|\blooks? like\b/i.test(text);
}

/** "First-line drug", "1st line": the place in an ordered table or list the question asks for. */
export function ordinalOf(text: string): { ordinal?: number } {
  const [n] = ordinalsIn(text);
  return n ? { ordinal: n } : {};
}

/**
 * Words the question negates ("no bleeding", "without fever", "not pregnant", "no IV access"), folded and
 * stemmed-free. A short word counts when it is no function word ("no IV", not "not on").
 */
export function negatedWords(text: string): string[] {
  return [...fold(text).matchAll(/\b(?:no|without|not|non|nil)[ -]+(?:signs? of |evidence of )?([a-z]{2,})\b/g)]
    .map((m) => m[1] as string)
    .filter((w) => w.length >= 4 || !isStopWord(w))
    .map((w) => (w.length >= 4 ? w.replace(/(ing|ed|s)$/, '') : w));
}

/** What the question says the patient has ("VT with a pulse", "with chest pain"): folded words, for units negating them. */
export function assertedWords(text: string): string[] {
  return [...fold(text).matchAll(/\bwith (?:a |an |the )?([a-z]{4,})\b/g)]
    .map((m) => (m[1] as string).replace(/(s|es)$/, ''))
    .filter((w) => !isStopWord(w));
}

/**
 * What the question says was given or tried already ("what do I give after oxytocin?", "if carboprost fails"): its
 * stems, read against tables given in order of use, where the answer is the next row.
 */
export function afterOf(text: string): { after?: string[] } {
  const m =
    /\b(?:after|following)\s+(?:the\s+|a\s+)?([a-z][a-z-]{3,})\b|\bif\s+(?:the\s+)?([a-z][a-z-]{3,})\s+(?:fails|failed|has failed|does not work|doesn't work|didn't work|did not work)\b|\b([a-z][a-z-]{3,})\s+(?:given|tried|done)\b.*\bnext\b/i.exec(
      fold(text),
    );
  const word = m?.[1] ?? m?.[2] ?? m?.[3];
  const stems = word ? terms(word) : [];
  return stems.length ? { after: stems } : {};
}
