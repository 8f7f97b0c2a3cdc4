/**
 * Pages of a manual whose text was extracted from PDF: where each page's furniture (running header, footer, page
 * number, document-control lines) sits, so it can be removed and read for section titles and versions.
 *
 * A PDF parser knows its pages; text exported from a PDF ("Save as text", a converter's .md) does not, but prints a
 * page number on every page ("REVISED: 07-01-24 PAGE 18 OF 447", "Page 3 of 12"). Those markers anchor the pages:
 * the header block around a marker is the run of lines that are blank, furniture (lines, digits aside, that recur
 * beside most markers), document-control lines ("REVISED: 07-01-24") or running titles.
 */

export interface Line {
  /** The line as extracted, trailing spaces removed. */
  text: string;
  /** Trimmed, runs of spaces collapsed. */
  norm: string;
  /** `norm` with every digit run as '#': the same furniture on page 3 and page 40 has one key. */
  key: string;
}

export function toLines(text: string): Line[] {
  return text.split(/\r?\n/).map((raw) => {
    const text = raw.replace(/\s+$/, '');
    const norm = text.trim().replace(/\s+/g, ' ');
    return { text, norm, key: norm.replace(/\d+/g, '#').toLowerCase() };
  });
}

/** "PAGE 18 OF 447", "Page 3 of 12", "Page 7", "- 7 -", "7 / 12": a page number line (or a line ending in one). */
const PAGE_OF = /\bpage\s+(\d{1,4})\s*(?:of|\/)\s*(\d{1,4})\b/i;
const PAGE_ONLY = /^(?:page\s+(\d{1,4})|-\s*(\d{1,4})\s*-|(\d{1,4})\s*\/\s*\d{1,4})$/i;

export function pageNumber(line: Line): number | undefined {
  const m = PAGE_OF.exec(line.norm) ?? PAGE_ONLY.exec(line.norm);
  if (!m) return undefined;
  const n = Number(m[1] ?? m[2] ?? m[3]);
  return Number.isFinite(n) ? n : undefined;
}

/** A document-control line: a short label and a date or version ("REVISED: 07-01-24", "Effective date: 1 March 2025"). */
const CONTROL =
  /^(?:revised|reviewed|effective(?: date)?|supersedes|supercedes|issued|approved|version|review date|next review|date)\s*:?\s*(?:\(?[a-z]+\)?\s*)?(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}\s+[a-z]+\s+\d{4}|[a-z]+\s+\d{4}|v?\d+(?:\.\d+)*)\b/i;

export function controlField(line: Line): { label: string; value: string } | undefined {
  const m = CONTROL.exec(line.norm);
  if (!m) return undefined;
  const label = (line.norm.split(/[:\s]/)[0] ?? '').toLowerCase();
  return { label, value: m[1] as string };
}

export interface PageMarkers {
  /** Line indexes of the page-number lines, in order. */
  at: number[];
}

/**
 * The page-number lines of a text, when it has at least three and they mostly count up (a manual restarting its
 * numbering per chapter counts up within each). Undefined for text that is not paged.
 */
export function findMarkers(lines: Line[]): PageMarkers | undefined {
  const at: number[] = [];
  const numbers: number[] = [];
  lines.forEach((l, i) => {
    if (l.norm.length > 160) return;
    const n = pageNumber(l);
    if (n !== undefined) {
      at.push(i);
      numbers.push(n);
    }
  });
  if (at.length < 3) return undefined;
  let up = 0;
  for (let i = 1; i < numbers.length; i += 1) if ((numbers[i] as number) > (numbers[i - 1] as number) || numbers[i] === 1) up += 1;
  return up >= 0.7 * (numbers.length - 1) ? { at } : undefined;
}

/** How many non-blank lines either side of a marker are read as its page's header or footer zone. */
export const ZONE = 8;

/**
 * The non-blank line indexes within ZONE lines (non-blank ones counted) above and below the k-th marker, and no
 * nearer the next or previous marker than this one: a line belongs to one page's zone at most.
 */
export function zone(lines: Line[], markers: PageMarkers, k: number): { above: number[]; below: number[] } {
  const marker = markers.at[k] as number;
  const prev = k > 0 ? (markers.at[k - 1] as number) : -1;
  const next = k + 1 < markers.at.length ? (markers.at[k + 1] as number) : lines.length;
  const lo = prev < 0 ? 0 : Math.floor((prev + marker) / 2) + 1;
  const hi = next >= lines.length ? lines.length - 1 : Math.ceil((marker + next) / 2) - 1;
  const above: number[] = [];
  for (let i = marker - 1; i >= lo && above.length < ZONE; i -= 1) if (lines[i]?.norm) above.push(i);
  const below: number[] = [];
  for (let i = marker + 1; i <= hi && below.length < ZONE; i += 1) if (lines[i]?.norm) below.push(i);
  return { above, below };
}

/**
 * Furniture: line keys found in the zones of at least a quarter of the markers (and of three): the agency's name,
 * "Table of Contents" links, the page-number line itself. Counted once per marker.
 */
export function furnitureKeys(lines: Line[], markers: PageMarkers): Set<string> {
  const count = new Map<string, number>();
  const texts = new Map<string, Map<string, number>>();
  markers.at.forEach((m, k) => {
    const seen = new Set<string>();
    const { above, below } = zone(lines, markers, k);
    for (const i of [...above, m, ...below]) {
      const l = lines[i] as Line;
      if (seen.has(l.key)) continue;
      seen.add(l.key);
      const byText = texts.get(l.key) ?? new Map<string, number>();
      byText.set(l.norm, (byText.get(l.norm) ?? 0) + 1);
      texts.set(l.key, byText);
    }
    for (const key of seen) count.set(key, (count.get(key) ?? 0) + 1);
  });
  const min = Math.max(3, Math.ceil(markers.at.length / 4));
  // Furniture says the same thing on every page; a table row of the same shape with other numbers on every page
  // ("Cardioversion: 10 joules 20 joules" on the 10 kg page) is content. Page numbers are read by pageNumber.
  const same = (k: string, n: number) => Math.max(...(texts.get(k) ?? new Map([['', 0]])).values()) >= 0.8 * n;
  return new Set(
    [...count].filter(([k, n]) => n >= min && (same(k, n) || markers.at.some((m) => (lines[m] as Line).key === k))).map(([k]) => k),
  );
}
