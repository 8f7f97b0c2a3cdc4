/**
 * Removes patient identifiers before a question is embedded, logged, stored or sent to any LLM. HIPAA Safe
 * Harbor's 18 categories are the checklist, with UK and EU forms beside the US ones (docs/privacy.md lists them).
 * Deliberately errs towards redacting: a lost word costs less than a leaked identifier. Two passes:
 * patterned identifiers (redact/patterns.ts: numbers, codes, dates, ages over 89, addresses, beds and wards), then
 * names (redact/names.ts: unknown or first-name words near name cues, Philter's approach).
 */
import { knownTo } from '../confidence/features.js';
import type { MedicineLexicon } from '../question/medicines.js';
import { terms } from '../text.js';
import { nameLexicon } from './lexicon.js';
import { findNames } from './names.js';
import { MONTHS, RULES } from './patterns.js';

export interface RedactionResult {
  text: string;
  kinds: string[];
}

export interface RedactOptions {
  /**
   * Words that are safe because the knowledge base (or the medicines list) uses them: a name-shaped word it knows
   * is clinical vocabulary, not a patient's name. Without it, only the English word list and the eponyms decide.
   */
  known?: (word: string) => boolean;
}

/** Every redaction token: "[NAME]", "[AGE 90+]", "[MRN]". */
export const TOKEN =
  /\[(?:NAME|EMAIL|URL|IP|DEVICE|DOB|DATE|AGE 90\+|MRN|INSURANCE|ACCOUNT|LICENCE|VEHICLE|ID|PHONE|ADDRESS|POSTCODE|ZIP|LOCATION)\]/g;

const SPAN_TOKEN = { name: '[NAME]', location: '[LOCATION]', address: '[ADDRESS]' } as const;

const BARE_AGE =
  /(\[NAME\](?:['’]s)?\s*[,(]?\s*)(\d{2,3})(?!\d)(?![.,]\d|\s*(?:%|mg|g\b|kg|ml|mL|l\b|mmol|micro|mcg|units?|iu|IU|mmHg|bpm|°|hours?|hrs?|h\b|min|days?|weeks?|months?|x\b|\/))/g;

const MONTH_WORD = new RegExp(`^(?:${MONTHS})\\.?,?$`, 'i');

/** The cue words that lead a match ("unit no.", "dob", "Bay"), kept so the question still reads. */
function cueOf(match: string): string {
  const parts = match.split(/\s+/);
  const cue: string[] = [];
  for (const p of parts) {
    if (/\d/.test(p) || MONTH_WORD.test(p)) break;
    cue.push(p);
  }
  return cue.length === parts.length ? '' : cue.join(' ');
}

export function redact(input: string, options: RedactOptions = {}): RedactionResult {
  let text = input;
  const kinds = new Set<string>();
  for (const rule of RULES) {
    text = text.replace(rule.pattern, (...args: unknown[]) => {
      const match = args[0] as string;
      const last = args[args.length - 1];
      const groups = (typeof last === 'object' && last !== null ? last : {}) as Record<string, string | undefined>;
      if (rule.accept && !rule.accept(match, groups)) return match;
      kinds.add(rule.kind);
      const cue = rule.keepCue ? cueOf(match) : '';
      return cue ? `${cue} ${rule.token}` : rule.token;
    });
  }
  const spans = findNames(text, options.known);
  for (let i = spans.length - 1; i >= 0; i--) {
    const s = spans[i];
    if (!s) continue;
    kinds.add(s.kind);
    text = `${text.slice(0, s.start)}${SPAN_TOKEN[s.kind]}${text.slice(s.end)}`;
  }
  // An age over 89 written bare beside a name: "Harold Fitzwilliam, 96, on warfarin", "[NAME] (94)", "[NAME] 92F".
  text = text.replace(BARE_AGE, (m, lead: string, n: string) => {
    if (Number(n) < 90 || Number(n) > 130) return m;
    kinds.add('age');
    return `${lead}[AGE 90+]`;
  });
  text = text.replace(/(\[[A-Z0-9 +]+\])(?:[\s,]+\1)+/g, '$1');
  return { text, kinds: [...kinds] };
}

/**
 * The "known word" predicate for `redact` from the knowledge base's lexical index and the medicines list: a word
 * is known when every one of its terms is in some chunk, or it names a medicine.
 */
export function knownWords(
  lexical: { docFrequency(term: string): number },
  medicines?: MedicineLexicon,
  terminology?: { lists(word: string): boolean },
): (word: string) => boolean {
  const known = knownTo((t) => lexical.docFrequency(t));
  return (word) => {
    const ts = terms(word);
    if (ts.length === 0) return false;
    return ts.every(known) || (medicines !== undefined && medicines.named(ts).length > 0) || terminology?.lists(word) === true;
  };
}

/** Loads the word lists now (about 0.3-1 s, once per process), so the first question does not wait for them. */
export function warmRedaction(): void {
  nameLexicon();
}

/** The redacted text without its tokens: what retrieval and the unknown-term checks read ("[NAME]" is no question word). */
export function searchText(redacted: string): string {
  return redacted.replace(TOKEN, ' ');
}

const KIND_WORDS: Record<string, string> = {
  name: 'a name',
  age: 'an age over 89',
  dob: 'a date of birth',
  date: 'a date',
  phone: 'a phone number',
  email: 'an e-mail address',
  url: 'a web address',
  ip: 'an IP address',
  address: 'an address',
  location: 'a bed or ward',
  mrn: 'a record number',
  id: 'an identity number',
  insurance: 'an insurance number',
  account: 'an account number',
  licence: 'a licence number',
  vehicle: 'a vehicle registration',
  device: 'a device serial number',
};

/** Which kinds were removed, in plain words: "A name and an age over 89 were removed before searching." */
export function describeRemoved(kinds: string[]): string {
  const words = kinds.map((k) => KIND_WORDS[k] ?? `a${/^[aeiou]/.test(k) ? 'n' : ''} ${k}`);
  const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : (words[0] ?? 'an identifier');
  return `${list.charAt(0).toUpperCase()}${list.slice(1)} ${words.length > 1 ? 'were' : 'was'} removed before searching.`;
}

/** True when nothing but redaction tokens, punctuation and filler words is left. */
export function onlyIdentifiers(redacted: string): boolean {
  const rest = redacted
    .replace(/\[[A-Z0-9 +]+\]/g, ' ')
    .replace(
      /\b(?:mrn|dob|patient|pt|name|mr|mrs|ms|dr|phone|email|tel|number|no|is|the|and|of|for|born|on|nhs|bed|bay|ward|aged?|lives|at|in|unit|zip|postcode|address)\b/gi,
      ' ',
    )
    .replace(/[^\p{L}\p{N}]+/gu, '');
  return rest.length === 0;
}
