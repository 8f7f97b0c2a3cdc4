/**
 * A page body extracted from PDF, read back into the structure the author typed: wrapped lines joined, numbered
 * steps as list items with the lines under them as their sub-items ("7. For blood glucose < 60 mg/dL:" and, under
 * it, "Dextrose 10% 125 mL IV/IO"), capitalised headings as Markdown headings, and the debris of the layout gone:
 * footnote markers (❶ ①), subscripts split onto their own line ("O", "2"), letters spaced out as decoration
 * ("G  E  N  E  R  A  L"). The result is Markdown, so the chunker and the quotable units keep a dose with the step
 * that says when to give it.
 */

/** Circled digits used as footnote markers: ❶–❿, ➀–➉, ➊–➓, ①–⑳, ⓫–⓴. */
const CIRCLED = /[\u2776-\u277f\u2780-\u2793\u2460-\u2473\u24eb-\u24f4\u24ff]/gu;
const STEP = /^(\d{1,2})[.)]\s+(\S.*)$/;
const LETTERED = /^([a-hj-z])[.)]\s+(\S.*)$/;
const BULLET = /^[•◦▪●○■□➢►\u2022\u25aa\u25cf\uf0b7-]\s*(\S.*)$/u;
const DASH_ITEM = /^[–—]\s+(\S.*)$/;
/** "OR", "AND", "– or –": a connector between two alternatives. */
const CONNECTOR = /^[–—-]?\s*(or|and|and\/or)\s*[–—-]?$/i;
/** A line opening with the band it applies to ("< 5 years of age:", "≥ 24kg:", "6-11 Years", "0-11 months"). */
const BAND = /^(?:[<>≤≥]\s*\d|\d+(?:\.\d+)?\s*[-–]\s*\d+(?:\.\d+)?\s*(?:years?|yrs?|months?|mo|kg|weeks?)\b)/i;
/** A reference sheet's label line: one to three capitalised words ("Pediatric Dose", "Contraindications"). */
const LABEL = /^[A-Z][a-z]+(?: [A-Z]?[a-z]+){0,2}$/;
/** Decoration: a word's letters spaced out ("G  E  N  E  R  A  L     M  E  D  I  C  AL"). */
const SPACED = /^(?:\S{1,2}\s{2,}){3,}\S{1,3}$/;
/** A subscript, superscript or trademark split onto its own line ("O" / "2" / "concentration"). */
const FRAGMENT = /^(?:\d{1,2}|TM|®|™|st|nd|rd|th)$/;

/** A line opening with an amount ("0.1mg/kg", "20mL/kg IV/IO per MCG 1309") continues the drug or step above it. */
const AMOUNT = /^\d+(?:\.\d+)?\s?(?:mg|mcg|micrograms?|g|gm|kg|ml|mL|l|L|J|joules|meq|mEq|mmol|units?|%)(?:\/|\b)/i;

interface Out {
  kind: 'heading' | 'step' | 'sub' | 'para';
  text: string;
}

function isHeading(line: string): boolean {
  const letters = line.replace(/[^A-Za-z]/g, '');
  if (letters.length < 4 || line.length > 70) return false;
  // "MATERNAL HYPERTENSION (BP ≥ 140/90mmHg) / ECLAMPSIA": a unit's lower case letters do not unmake a heading.
  if (letters.replace(/[^A-Z]/g, '').length < 0.8 * letters.length) return false;
  if (/[.;,]$/.test(line) || /\d\s*(mg|mcg|ml|g|kg|units?)\b/i.test(line)) return false;
  return line.split(/\s+/).some((w) => w.replace(/[^A-Za-z]/g, '').length >= 4);
}

/** The line width the text wraps at: the 90th percentile of line lengths. */
function wrapWidth(lines: string[]): number {
  const lengths = lines
    .map((l) => l.length)
    .filter((n) => n > 20)
    .sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length * 0.9)] ?? 80;
}

function startsStructure(line: string): boolean {
  return (
    STEP.test(line) ||
    LETTERED.test(line) ||
    BULLET.test(line) ||
    DASH_ITEM.test(line) ||
    CONNECTOR.test(line) ||
    BAND.test(line) ||
    LABEL.test(line) ||
    isHeading(line) ||
    /^[\u2776-\u277f\u2780-\u2793\u2460-\u2473\u24eb-\u24f4]/u.test(line)
  );
}

/**
 * Joins subscript fragments and drops decoration; returns trimmed lines with blank lines as ''. A note's number on a
 * line of its own is no subscript: "NOTES:" / "1" / "Dextrose: 125mL…" / "2" / "Fentanyl: 50mcg…" are notes 1 and 2,
 * each its own numbered line, where gluing made one run-on line of every note on the page. A note number is 1 after
 * a line ending in a colon, or the number after the previous note's, before a line opening with a capital.
 */
function clean(raw: string[]): string[] {
  const out: string[] = [];
  let glue = false;
  let note = 0;
  let numbered: string | undefined;
  const nextText = (i: number) =>
    raw
      .slice(i + 1)
      .find((r) => r.trim())
      ?.trim() ?? '';
  for (const [i, r] of raw.entries()) {
    let line = r.replace(/\s+/g, ' ').trim();
    if (!line) {
      if (!glue) out.push('');
      continue;
    }
    if (SPACED.test(r.trim())) continue;
    const prev = out.length ? out[out.length - 1] : undefined;
    if (/^\d{1,2}$/.test(line) && /^[A-Z][a-z]/.test(nextText(i))) {
      const n = Number(line);
      if ((n === 1 && prev !== undefined && /:$/.test(prev)) || (note > 0 && n === note + 1)) {
        note = n;
        numbered = `${n}.`;
        glue = false;
        continue;
      }
    }
    if (numbered) {
      line = `${numbered} ${line}`;
      numbered = undefined;
      out.push(line);
      continue;
    }
    if (FRAGMENT.test(line) && prev) {
      out[out.length - 1] = `${prev}${line}`;
      glue = true;
      continue;
    }
    if (glue && prev !== undefined && prev !== '') {
      out[out.length - 1] = /^[),.;:]/.test(line) ? `${prev}${line}` : `${prev} ${line}`;
      glue = false;
      continue;
    }
    glue = false;
    out.push(line);
  }
  return out;
}

export function toMarkdown(body: string): string {
  const lines = clean(body.split('\n'));
  const width = wrapWidth(lines.filter(Boolean));
  const out: Out[] = [];
  let inStep = false;
  let lastFull = false;
  for (const rawLine of lines) {
    if (!rawLine) {
      lastFull = false;
      continue;
    }
    const markerStart = /^[\u2776-\u277f\u2780-\u2793\u2460-\u2473\u24eb-\u24f4]/u.test(rawLine);
    const line = rawLine.replace(CIRCLED, ' ').replace(/\s+/g, ' ').trim();
    if (!line) continue;
    const prev = out[out.length - 1];
    // A line that ran to the margin continues on the next unless that one starts something of its own; so does a
    // line ending mid-phrase before a lowercase start.
    const continues =
      prev &&
      prev.kind !== 'heading' &&
      !markerStart &&
      !startsStructure(line) &&
      !/:$/.test(prev.text) &&
      (lastFull || ((/^[a-z(]/.test(line) || AMOUNT.test(line)) && !/[.;]$/.test(prev.text)));
    lastFull = rawLine.length >= 0.8 * width;
    if (continues && prev) {
      prev.text = /[A-Za-z]-$/.test(prev.text) ? `${prev.text}${line}` : `${prev.text} ${line}`;
      continue;
    }
    if (CONNECTOR.test(line)) {
      if (prev && prev.kind !== 'heading')
        prev.text = `${prev.text.replace(/[,;]$/, '')} ${line.replace(/[–—-]/g, '').trim().toUpperCase()}`;
      continue;
    }
    const step = STEP.exec(line);
    if (step) {
      out.push({ kind: 'step', text: `${step[1]}. ${step[2]}` });
      inStep = true;
      continue;
    }
    if (!markerStart && isHeading(line)) {
      out.push({ kind: 'heading', text: line.replace(/:$/, '') });
      inStep = false;
      continue;
    }
    const bullet = BULLET.exec(line) ?? DASH_ITEM.exec(line) ?? LETTERED.exec(line);
    const text = bullet ? (LETTERED.test(line) ? line : (bullet[1] as string)) : line;
    if (markerStart) {
      out.push({ kind: 'step', text: `- ${text}` });
      inStep = true;
      continue;
    }
    out.push({ kind: inStep ? 'sub' : bullet ? 'sub' : 'para', text });
  }
  const md: string[] = [];
  let prevKind: Out['kind'] | undefined;
  for (const o of out) {
    if (o.kind === 'heading') md.push('', `## ${o.text}`, '');
    else if (o.kind === 'step') md.push(o.text);
    else if (o.kind === 'sub')
      md.push(prevKind === 'para' || prevKind === 'heading' || prevKind === undefined ? `- ${o.text}` : `   - ${o.text}`);
    else md.push(prevKind === 'para' ? o.text : `\n${o.text}`);
    prevKind = o.kind === 'sub' && (prevKind === 'para' || prevKind === 'heading' || prevKind === undefined) ? 'step' : o.kind;
  }
  return md
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
