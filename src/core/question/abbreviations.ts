/**
 * Abbreviations a source defines ("protein phosphatase 2A (PP2A)"), found with Schwartz and Hearst's algorithm ("A
 * simple algorithm for identifying abbreviation definitions in biomedical text", PSB 2003): a sentence that says
 * only "CVG-ID" is about "Cutis Verticis Gyrata-Intellectual Disability" as much as the one that spells it out.
 */

/** A short form: 2–10 characters, one or two words, starting with a letter or digit and holding a letter. */
function isShortForm(s: string): boolean {
  if (s.length < 2 || s.length > 10) return false;
  if (s.split(/\s+/).length > 2) return false;
  if (!/^[\p{L}\p{N}]/u.test(s) || !/\p{L}/u.test(s)) return false;
  // A word in lower case ("see", "n", "ns") or a figure ("p < 0.05", "95% CI") is not an abbreviation.
  if (!/\p{Lu}/u.test(s)) return false;
  return !/[=<>%]/.test(s);
}

const isAlnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * The shortest end of `candidate` whose letters hold the short form's characters in order, its first character
 * starting a word (Schwartz and Hearst's findBestLongForm).
 */
function bestLongForm(short: string, candidate: string): string | undefined {
  let s = short.length - 1;
  let l = candidate.length - 1;
  while (s >= 0) {
    const c = (short[s] as string).toLowerCase();
    if (!isAlnum(c)) {
      s -= 1;
      continue;
    }
    while ((l >= 0 && (candidate[l] as string).toLowerCase() !== c) || (s === 0 && l > 0 && isAlnum(candidate[l - 1]))) l -= 1;
    if (l < 0) return undefined;
    l -= 1;
    s -= 1;
  }
  const start = candidate.lastIndexOf(' ', l) + 1;
  const long = candidate.slice(start).trim();
  // A short form's first letter matched by an article is no definition ("a myotrophiclateral sclerosis (ALS)").
  if (/^(a|an|the)\s/i.test(long)) return undefined;
  // The long form must be longer than the short form and not contain it ("PP2A inhibitor (PP2A)").
  if (long.length <= short.length || long.toLowerCase().includes(short.toLowerCase())) return undefined;
  return long;
}

const MINOR = new Set(['of', 'and', 'the', 'in', 'for', 'to', 'with', 'a', 'an', 'on', 'by']);

/**
 * The last words of `candidate` whose initials spell the short form ("personal protective equipment" for PPE,
 * "Cutis Verticis Gyrata-Intellectual Disability" for CVG-ID), minor words skipped: where Schwartz and Hearst's
 * letter match would settle for "protective equipment" (the "p" of "equipment").
 */
function initialsLongForm(short: string, candidate: string): string | undefined {
  const letters = short.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const words = candidate.split(/\s+/);
  for (let k = 1; k <= words.length; k += 1) {
    const tail = words.slice(-k);
    const initials = tail
      .flatMap((w) => w.split('-'))
      .filter((w) => w && !MINOR.has(w.toLowerCase()))
      // A word holding a digit counts whole ("2A" in "Protein Phosphatase 2A" for PP2A).
      .map((w) => (/\d/.test(w) ? w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '') : (w[0] as string).toLowerCase()))
      .join('');
    if (initials === letters && !MINOR.has((tail[0] as string).toLowerCase())) return tail.join(' ');
    if (initials.length > letters.length) return undefined;
  }
  return undefined;
}

/** The abbreviations `text` defines as "long form (SF)", keyed by short form (the first definition wins). */
export function definedAbbreviations(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/\(([^()]{2,10})\)/g)) {
    const short = (m[1] as string).trim();
    if (!isShortForm(short) || out.has(short)) continue;
    const before = text.slice(0, m.index).replace(/\s+$/, '');
    // The words before the parenthesis, within the sentence: at most min(|SF| + 5, 2|SF|) of them.
    const clause = before.split(/[.;:!?\n]\s|[([{]/).pop() ?? '';
    const tokens = clause.trim().split(/\s+/).filter(Boolean);
    const max = Math.min(short.length + 5, short.length * 2);
    const candidate = tokens.slice(-max).join(' ');
    if (!candidate) continue;
    const long = initialsLongForm(short, candidate) ?? bestLongForm(short, candidate);
    if (long && /\p{L}/u.test(long)) out.set(short, long);
  }
  return out;
}
