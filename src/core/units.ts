/**
 * Splits a chunk into quotable units: prose sentences, list items, and table rows. A table row is rewritten with
 * its header ("Drug: Vancomycin; Loading dose: 25 mg/kg") because a bare row ("| 25 mg/kg | q12h |") means nothing
 * out of its table.
 */
import { sentences } from './text.js';

export interface Unit {
  text: string;
  /** Character offset of the unit's line in the chunk (for ordering). */
  offset: number;
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

const SEPARATOR = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;

export function units(text: string): Unit[] {
  const out: Unit[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let header: string[] | undefined;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const trimmed = line.trim();
    const lineOffset = offset;
    offset += line.length + 1;
    if (!trimmed) {
      header = undefined;
      continue;
    }
    if (trimmed.startsWith('|')) {
      if (SEPARATOR.test(trimmed)) continue;
      const next = lines[i + 1]?.trim() ?? '';
      if (!header && SEPARATOR.test(next)) {
        header = cells(trimmed);
        continue;
      }
      const row = cells(trimmed);
      const textRow = header ? row.map((c, j) => (header?.[j] ? `${header[j]}: ${c}` : c)).join('; ') : row.join('; ');
      out.push({ text: textRow, offset: lineOffset });
      continue;
    }
    header = undefined;
    if (/^#{1,6}\s/.test(trimmed)) continue;
    for (const s of sentences(trimmed)) out.push({ text: s.replace(/^([-*+]|\d+[.)])\s+/, ''), offset: lineOffset });
  }
  return out;
}
