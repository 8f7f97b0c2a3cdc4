/**
 * The question in a message: a message typed in a hurry or by a worried member of the public carries greetings,
 * thanks, a story before the question and sometimes several questions ("Hi, my dad is 78 and on warfarin. He fell
 * yesterday and hit his head. Should he go to A&E? Thanks so much"). Searching all of it spreads the question over
 * words no source needs; the evidence is measured against words that are no part of the question. The question part
 * is what is searched and measured: greetings and thanks dropped, and of several questions the first, with the story
 * told before it.
 */

const POLITE =
  /^(?:hi|hiya|hello|hey|dear\b.*|good (?:morning|afternoon|evening|day)|greetings|thanks?(?: you)?(?: (?:so|very) much)?(?: in advance)?|many thanks|cheers|regards|kind regards|best wishes|sorry(?: to bother(?: you)?)?|please help(?: me)?|help(?: me)?|quick question|urgent|hope (?:you(?:'re| are)|this finds you) well)(?:[\s,!.]+(?:all|team|everyone|doc|doctor|nurse|there))*[\s,!.]*$/i;

function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.?!])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface QuestionPart {
  /** The part searched and measured. */
  text: string;
  /** Whether anything was left out. */
  trimmed: boolean;
}

export function questionPart(text: string): QuestionPart {
  const all = sentencesOf(text);
  // A greeting run into the question ("hi, what is the dose…") loses its greeting too.
  const kept = all
    .map((s) =>
      s.replace(
        /^(?:hi|hiya|hello|hey|good (?:morning|afternoon|evening))\b(?:\s+(?:all|team|everyone|there|guys|doc|doctor))?[\s,!]+(?=\S)/i,
        '',
      ),
    )
    .filter((s) => !POLITE.test(s));
  // Several questions in one message: the first, with the story told before it, is answered (the answer says so).
  const asking = kept.filter((s) => s.includes('?'));
  const part = asking.length >= 2 ? kept.slice(0, kept.indexOf(asking[0] as string) + 1) : kept;
  const out = part.join(' ').trim();
  if (!out) return { text, trimmed: false };
  return { text: out, trimmed: part.length < all.length };
}
