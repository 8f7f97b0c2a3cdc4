/**
 * Splits a chunk into quotable units: prose sentences, list items, and table rows. A table row is rewritten with
 * its header ("Drug: Vancomycin; Loading dose: 25 mg/kg") because a bare row ("| 25 mg/kg | q12h |") means nothing
 * out of its table. A sentence that introduces a list or a table ("Start the following within one hour:") knows the
 * items it introduces, so an answer that quotes it quotes them too. Emphasis markup ("**Loading dose**") is
 * removed: every surface renders the answer as plain quoted text, never raw Markdown.
 */
import { sentences } from '../text.js';

export interface Cell {
  header: string;
  value: string;
}

export interface Unit {
  text: string;
  /** Character offset of the unit's line in the chunk (for ordering). */
  offset: number;
  kind: 'sentence' | 'item' | 'row';
  /** For a row: its cells with their column headers. */
  cells?: Cell[];
  /** For a sentence that introduces a list or table: the indexes (in the returned array) of what it introduces. */
  introduces?: number[];
  /** For a list item: how deep it is nested (0 top level). */
  depth?: number;
  /** For a list item: this is the item's first sentence. */
  first?: boolean;
  /** For a list item: written with a number ("5. For anaphylaxis:"), a step of a procedure. */
  numbered?: boolean;
  /** For a list item or row: the index of the unit that introduces it. */
  introducedBy?: number;
  /** An introduction whose list or table continues past the end of this text (the next chunk). */
  continues?: boolean;
  /** For a table row or a top-level list item: its place in its table or list (0 first). */
  position?: number;
  /** The document's title, quoted as a unit (see headline in compose-extractive.ts). */
  title?: boolean;
  /** A line written in bold alone ("**Contraindications**"): the text marks it as a label. */
  strong?: boolean;
}

function cellsOf(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => plain(c.trim()));
}

const SEPARATOR = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;
const ITEM = /^(\s*)([-*+]|\d+[.)])\s+/;
/** A sentence that announces a list or table: ends with a colon, or speaks of "the following". */
const INTRO = /:\s*$|\bthe following\b|\bas follows\b/i;

/** Markdown emphasis and code marks removed ("**Loading dose**: 4 g" → "Loading dose: 4 g"). */
export function plain(text: string): string {
  return text
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_](\S(?:.*?\S)?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/<\/?(b|i|em|strong|u|sup|sub)>/gi, '');
}

/** A line written in bold alone ("**Contraindications**"): the text marks it as a label. */
export function isStrongLine(line: string): boolean {
  return /^(\*\*|__)[^*_]+\1$/.test(line.trim());
}

export function units(text: string): Unit[] {
  const out: Unit[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let header: string[] | undefined;
  /** The last sentence unit, when it announced a list or table, until the list or table ends. */
  let intro: number | undefined;
  let inList = false;
  let rowIndex = 0;
  let itemIndex = 0;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const trimmed = line.trim();
    const lineOffset = offset;
    offset += line.length + 1;
    if (!trimmed) {
      header = undefined;
      // A blank line ends a list only if what follows is not another item of it.
      const next = lines.slice(i + 1).find((l) => l.trim());
      if (!next || !(ITEM.test(next) || next.trim().startsWith('|'))) {
        intro = undefined;
        inList = false;
      }
      continue;
    }
    if (trimmed.startsWith('|')) {
      if (SEPARATOR.test(trimmed)) continue;
      const next = lines[i + 1]?.trim() ?? '';
      if (!header && SEPARATOR.test(next)) {
        header = cellsOf(trimmed);
        rowIndex = 0;
        continue;
      }
      const row = cellsOf(trimmed);
      const cells = row.map((value, j) => ({ header: header?.[j] ?? '', value }));
      const textRow = cells.map((c) => (c.header ? `${c.header}: ${c.value}` : c.value)).join('; ');
      out.push({
        text: textRow,
        offset: lineOffset,
        kind: 'row',
        cells,
        position: rowIndex,
        ...(intro !== undefined ? { introducedBy: intro } : {}),
      });
      rowIndex += 1;
      if (intro !== undefined) out[intro]?.introduces?.push(out.length - 1);
      continue;
    }
    header = undefined;
    if (/^#{1,6}\s/.test(trimmed)) {
      intro = undefined;
      inList = false;
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      const depth = Math.floor((item[1] ?? '').replace(/\t/g, '    ').length / 2);
      const body = plain(trimmed.replace(/^([-*+]|\d+[.)])\s+/, ''));
      const parts = sentences(body);
      if (!inList) itemIndex = 0;
      const position = depth === 0 ? itemIndex : undefined;
      if (depth === 0) itemIndex += 1;
      parts.forEach((s, k) => {
        out.push({
          text: s,
          offset: lineOffset + k,
          kind: 'item',
          depth,
          first: k === 0,
          ...(/^\d+[.)]\s/.test(trimmed) ? { numbered: true } : {}),
          ...(position !== undefined ? { position } : {}),
          ...(intro !== undefined ? { introducedBy: intro } : {}),
        });
        // The item's first sentence is what an introduction brings along; top-level items only.
        if (k === 0 && depth === 0 && intro !== undefined) out[intro]?.introduces?.push(out.length - 1);
      });
      inList = true;
      continue;
    }
    if (inList && /^\s/.test(line) && intro === undefined) {
      // A continuation line of a list item.
      for (const s of sentences(plain(trimmed))) out.push({ text: s, offset: lineOffset, kind: 'item', depth: 1 });
      continue;
    }
    inList = false;
    intro = undefined;
    const strong = isStrongLine(trimmed);
    const parts = sentences(plain(trimmed));
    parts.forEach((s, k) => {
      const last = k === parts.length - 1;
      out.push({ text: s, offset: lineOffset + k, kind: 'sentence', ...(strong ? { strong: true } : {}) });
      if (last && INTRO.test(s)) {
        out[out.length - 1] = { ...(out[out.length - 1] as Unit), introduces: [] };
        intro = out.length - 1;
      }
    });
  }
  // An introduction that closes the text announces what the next chunk begins with.
  const last = out[out.length - 1];
  if (last?.introduces && last.introduces.length === 0) last.continues = true;
  return out;
}
