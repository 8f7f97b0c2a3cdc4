/**
 * Markdown structure the chunker needs: sections (with their heading stack) and, inside a section, blocks
 * (prose paragraphs, tables, lists, code fences) with character offsets. Deliberately small: it recognises
 * ATX headings, pipe tables, `-`/`*`/`+`/`1.` lists and fenced code, which is what protocols are written in.
 */

export interface Heading {
  level: number;
  text: string;
}

export interface Section {
  headings: Heading[];
  /** Body offsets (heading line excluded). */
  start: number;
  end: number;
}

export type BlockKind = 'prose' | 'table' | 'list' | 'code';

export interface Block {
  kind: BlockKind;
  start: number;
  end: number;
  /** table: offsets of each row line; list: offsets of each top-level item. */
  parts?: Array<{ start: number; end: number }>;
  /** table: end offset of the header rows (header + separator), repeated when a table is split. */
  headerEnd?: number;
}

interface Line {
  start: number;
  /** End without the newline. */
  end: number;
  text: string;
}

const HEADING = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;
const FENCE = /^[ \t]{0,3}(```|~~~)/;
const LIST_ITEM = /^([ \t]*)([-*+]|\d{1,3}[.)])[ \t]+\S/;
const TABLE_ROW = /^[ \t]*\|/;
const TABLE_SEPARATOR = /^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$/;

export function splitLines(text: string, from = 0, to = text.length): Line[] {
  const lines: Line[] = [];
  let start = from;
  while (start < to) {
    let nl = text.indexOf('\n', start);
    if (nl === -1 || nl > to) nl = to;
    const end = nl > start && text[nl - 1] === '\r' ? nl - 1 : nl;
    lines.push({ start, end, text: text.slice(start, end) });
    start = nl + 1;
  }
  return lines;
}

const cleanHeading = (s: string) =>
  s
    .replace(/[*_`]+/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim();

export function sections(text: string): Section[] {
  const out: Section[] = [];
  let stack: Heading[] = [];
  let bodyStart = 0;
  let fence: string | undefined;
  for (const line of splitLines(text)) {
    const f = FENCE.exec(line.text);
    if (f) {
      if (!fence) fence = f[1];
      else if (line.text.trim().startsWith(fence)) fence = undefined;
      continue;
    }
    if (fence) continue;
    const h = HEADING.exec(line.text);
    if (!h) continue;
    out.push({ headings: stack, start: bodyStart, end: line.start });
    const level = h[1]!.length;
    stack = [...stack.filter((s) => s.level < level), { level, text: cleanHeading(h[2]!) }];
    bodyStart = Math.min(text.length, line.end + 1);
  }
  out.push({ headings: stack, start: bodyStart, end: text.length });
  return out;
}

/** Splits a section body into blocks; blank lines separate prose paragraphs. */
export function blocks(text: string, from: number, to: number): Block[] {
  const lines = splitLines(text, from, to);
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.text.trim()) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line.text);
    if (fence) {
      let j = i + 1;
      while (j < lines.length && !lines[j]!.text.trim().startsWith(fence[1]!)) j++;
      const last = lines[Math.min(j, lines.length - 1)]!;
      out.push({ kind: 'code', start: line.start, end: last.end });
      i = j + 1;
      continue;
    }
    if (TABLE_ROW.test(line.text)) {
      const rows: Line[] = [];
      while (i < lines.length && TABLE_ROW.test(lines[i]!.text)) rows.push(lines[i++]!);
      const hasHeader = rows.length > 1 && TABLE_SEPARATOR.test(rows[1]!.text);
      out.push({
        kind: 'table',
        start: rows[0]!.start,
        end: rows.at(-1)!.end,
        parts: rows.slice(hasHeader ? 2 : 0).map((r) => ({ start: r.start, end: r.end })),
        ...(hasHeader ? { headerEnd: rows[1]!.end } : {}),
      });
      continue;
    }
    const item = LIST_ITEM.exec(line.text);
    if (item) {
      const indent = item[1]!.length;
      const items: Array<{ start: number; end: number }> = [];
      let end = line.end;
      while (i < lines.length) {
        const l = lines[i]!;
        if (!l.text.trim()) {
          // A blank line ends the list unless the next line continues it (another item or an indented line).
          const next = lines[i + 1];
          if (!next || !(LIST_ITEM.test(next.text) || /^[ \t]+\S/.test(next.text))) break;
          i++;
          continue;
        }
        const m = LIST_ITEM.exec(l.text);
        if (m && m[1]!.length <= indent) items.push({ start: l.start, end: l.end });
        else if (!m && !/^[ \t]/.test(l.text) && (TABLE_ROW.test(l.text) || FENCE.test(l.text))) break;
        items.at(-1)!.end = l.end;
        end = l.end;
        i++;
      }
      out.push({ kind: 'list', start: line.start, end, parts: items });
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j]!.text.trim() && !FENCE.test(lines[j]!.text) && !TABLE_ROW.test(lines[j]!.text)) {
      if (j > i && LIST_ITEM.test(lines[j]!.text)) break;
      j++;
    }
    out.push({ kind: 'prose', start: line.start, end: lines[j - 1]!.end });
    i = j;
  }
  return out;
}
