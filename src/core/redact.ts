/**
 * Removes patient identifiers before a question is embedded, logged, stored or sent to any LLM.
 * Deliberately errs towards redacting: a lost word costs less than a leaked identifier. Clinical numbers
 * (doses, lab values, ranges such as "15-20 mg/kg" or "INR 2-3") must survive, so digit patterns need a
 * context word or an identifier-like length.
 */

export interface RedactionResult {
  text: string;
  kinds: string[];
}

interface Rule {
  kind: string;
  token: string;
  pattern: RegExp;
}

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE = `(?:\\d{1,4}[./-]\\d{1,2}[./-]\\d{1,4}|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS})\\.?,?\\s+\\d{2,4}|(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{2,4})`;
const NAME = "[A-Z][a-zA-Z'’-]+(?:\\s+[A-Z][a-zA-Z'’-]+){0,2}";
const STREET_TYPES = 'street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|close|crescent|terrace|square|sq'
  .split('|')
  .map((w) => `[${w[0]}${w[0]?.toUpperCase()}]${w.slice(1)}`)
  .join('|');

// Order matters: specific, context-led rules run before generic digit rules.
const RULES: Rule[] = [
  { kind: 'email', token: '[EMAIL]', pattern: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g },
  {
    kind: 'mrn',
    token: '[MRN]',
    pattern:
      /\b(?:MRN|UR(?:N)?|NHS|CHI|medical record|hospital|record|patient|chart|case|health(?:care)? card|insurance|member|account|encounter|visit|admission)\s*(?:number|num|no\.?|#|id|identifier)?\s*[:#=]?\s*[A-Z]{0,3}[-\s]?\d[\d\s-]{3,}\d\b/gi,
  },
  {
    kind: 'dob',
    token: '[DOB]',
    pattern: new RegExp(
      `\\b(?:DOB|D\\.O\\.B\\.?|date of birth|born(?:\\s+on)?|birth ?date|né(?:e)? le|geboren(?: am)?)\\s*[:\\-]?\\s*${DATE}`,
      'gi',
    ),
  },
  { kind: 'id', token: '[ID]', pattern: /\b\d{3}-\d{2}-\d{4}\b/g },
  {
    kind: 'phone',
    token: '[PHONE]',
    pattern:
      /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?|\b\d{2,5}[\s.-])\d{3,4}[\s.-]\d{3,4}\b|\+\d{9,14}\b|\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b/g,
  },
  {
    kind: 'address',
    token: '[ADDRESS]',
    pattern: new RegExp(`\\b\\d{1,5}[a-zA-Z]?\\s+(?:[A-Z][a-z]+\\s+){1,4}(?:${STREET_TYPES})\\b\\.?`, 'g'),
  },
  { kind: 'address', token: '[POSTCODE]', pattern: /\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b/g },
  {
    kind: 'name',
    token: '[NAME]',
    pattern: new RegExp(`\\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sr|Mme|Mlle|Herr|Frau|Sra?)\\.?\\s+${NAME}`, 'g'),
  },
  {
    kind: 'name',
    token: '[NAME]',
    pattern: new RegExp(
      `\\b(?:[Pp]atient|[Pp]t\\.?|[Nn]ame(?:d|\\s*[:=-])|[Cc]alled|[Pp]atiente?|[Pp]aciente)\\s+(?:named\\s+|called\\s+|is\\s+)?${NAME}`,
      'g',
    ),
  },
  // Any remaining long digit run is treated as an identifier (MRNs, NHS numbers) — doses and lab values are shorter.
  { kind: 'id', token: '[ID]', pattern: /\b\d{7,}\b/g },
];

/** Words that may follow "patient" with a capital letter at a sentence start and are not names. */
const NOT_NAMES = new Set(['With', 'Who', 'Has', 'Is', 'On', 'In', 'At', 'For', 'And', 'The', 'A', 'An', 'Safety', 'Group', 'Directions']);

export function redact(input: string): RedactionResult {
  let text = input;
  const kinds = new Set<string>();
  for (const rule of RULES) {
    text = text.replace(rule.pattern, (match: string) => {
      if (rule.kind === 'name') {
        const words = match.split(/\s+/);
        const firstNameWord = words.find((w, i) => i > 0 && /^[A-Z]/.test(w));
        if (firstNameWord && NOT_NAMES.has(firstNameWord)) return match;
        const lead = words[0] ?? '';
        // Keep the title/"patient" word so the question still reads naturally.
        kinds.add(rule.kind);
        return `${lead} ${rule.token}`;
      }
      if (rule.kind === 'mrn' || rule.kind === 'dob') {
        kinds.add(rule.kind);
        const label = match.match(/^[^\d]*?(?=\s*[:#=]?\s*[A-Z]{0,3}[-\s]?\d|\s*[:-]?\s*\d)/)?.[0]?.trim();
        return label ? `${label} ${rule.token}` : rule.token;
      }
      kinds.add(rule.kind);
      return rule.token;
    });
  }
  return { text, kinds: [...kinds] };
}

/** True when nothing but redaction tokens, punctuation and filler words is left. */
export function onlyIdentifiers(redacted: string): boolean {
  const rest = redacted
    .replace(/\[(?:EMAIL|MRN|DOB|ID|PHONE|ADDRESS|POSTCODE|NAME)\]/g, ' ')
    .replace(/\b(?:mrn|dob|patient|pt|name|mr|mrs|ms|dr|phone|email|tel|number|no|is|the|and|of|for|born|on)\b/gi, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, '');
  return rest.length === 0;
}
