/**
 * Deviation lists. A quality or audit document lists what went wrong, not what to do: "Adenosine not administered
 * for SVT/narrow complex with adequate perfusion", "Pain level not recorded", "Blood glucose not checked". Each
 * item names a medicine, a dose and a condition, so it matches a clinical question as well as the protocol it
 * audits, and quoted as an answer it reads as an instruction not to give the medicine. A passage made mostly of
 * such items is ranked below the protocols, and its lines lead an answer only where nothing else does.
 *
 * A deviation is a bare negated participle after its subject ("X not administered"), the form of an audit list's
 * item; a sentence says "is not used", "do not give", "if not obtained" — an auxiliary, a modal or a conjunction
 * before "not" — and is not one.
 */
const PARTICIPLES =
  'administered|given|performed|done|documented|recorded|checked|obtained|used|made|assessed|reassessed|initiated|' +
  'started|applied|attempted|measured|monitored|completed|placed|established|transported|treated|addressed|' +
  'followed|identified|notified|contacted|considered|offered|prescribed|reviewed|referred';
const NEGATED = new RegExp(`([A-Za-z0-9)\\]%]+)[ \\t]+not[ \\t]+(?:${PARTICIPLES})\\b`, 'gi');
/** Words before "not" that make it a sentence's negation, not an item's. */
const SENTENCE_WORDS = new Set(
  (
    'is are was were be been being am do does did should must shall may might can could would will has have had ' +
    'if when whenever unless until where whether or and but nor though although that which who whom whose why ' +
    'because since as so than yet often usually generally typically always sometimes also still just currently now ' +
    'presently never'
  ).split(' '),
);

/** Whether a line is an audit item: something not done, stated without an auxiliary ("Aspirin not administered"). */
export function isDeviation(line: string): boolean {
  for (const m of line.matchAll(NEGATED)) {
    const before = (m[1] ?? '').toLowerCase();
    if (!SENTENCE_WORDS.has(before)) return true;
  }
  return false;
}

/** A passage is a deviation list when at least this share of its lines (of MIN_LINES or more) are deviations. */
const LIST_SHARE = 0.3;
const MIN_LINES = 4;

/** Whether a passage is a list of deviations from a standard (a quality or audit list; see above). */
export function isDeviationList(text: string): boolean {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
  if (lines.length < MIN_LINES) return false;
  return lines.filter(isDeviation).length / lines.length >= LIST_SHARE;
}
