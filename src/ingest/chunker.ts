/**
 * Structure first, then size: every Markdown section becomes its own chunk(s) carrying its heading path; a
 * section longer than the target is cut between blocks, and prose runs longer than the target go through
 * langchain's RecursiveCharacterTextSplitter with overlap. Tables and lists are never cut mid-row when they fit
 * in one chunk; a table that must be split repeats its header rows in every piece (a dose row without its
 * column names is unreadable, and a misread dose is a clinical-safety problem).
 */
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { isLabel } from '../core/compose/unit-context.js';
import { isStrongLine } from '../core/compose/units.js';
import { type Block, blocks, sections } from './markdown-blocks.js';

/** Part of every document hash: bump when chunk boundaries change, so the next ingest re-chunks everything. */
export const CHUNKER_VERSION = 'structure-v5';

export interface ChunkOptions {
  /** Target chunk size in characters (default 1200). */
  targetSize?: number;
  /** Overlap between consecutive pieces of one long prose run (default 150). */
  overlap?: number;
}

export interface ChunkPiece {
  text: string;
  headingPath: string[];
  /**
   * The label line of a reference sheet ("Adult Dose", "Pediatric Dose") the piece's first lines sit under when the
   * label itself is in an earlier piece of the section: the piece starts mid-block, cut off from what it is for.
   */
  label?: string;
  /** Offsets in the document text. For a piece of a split table, the rows it holds (the header is prepended). */
  start: number;
  end: number;
}

interface Unit {
  start: number;
  end: number;
  /** Set when the text is not text.slice(start, end) (table pieces with a repeated header). */
  text?: string;
}

async function splitProse(text: string, start: number, end: number, target: number, overlap: number): Promise<Unit[]> {
  const run = text.slice(start, end);
  if (run.length <= target) return [{ start, end }];
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: target, chunkOverlap: Math.min(overlap, Math.floor(target / 2)) });
  const pieces = await splitter.splitText(run);
  const units: Unit[] = [];
  let from = 0;
  for (const piece of pieces) {
    let at = run.indexOf(piece, from);
    if (at === -1) at = run.indexOf(piece);
    if (at === -1) continue;
    units.push({ start: start + at, end: start + at + piece.length });
    from = at + 1;
  }
  return units;
}

function splitRows(text: string, block: Block, target: number): Unit[] {
  const header = block.headerEnd !== undefined ? text.slice(block.start, block.headerEnd) : '';
  const units: Unit[] = [];
  let current: { start: number; end: number } | undefined;
  const emit = () => {
    if (!current) return;
    const rows = text.slice(current.start, current.end);
    units.push(header ? { ...current, text: `${header}\n${rows}` } : current);
    current = undefined;
  };
  for (const part of block.parts ?? []) {
    if (current && header.length + 1 + (part.end - current.start) > target) emit();
    current = current ? { start: current.start, end: part.end } : { ...part };
  }
  emit();
  return units;
}

async function sectionUnits(text: string, start: number, end: number, target: number, overlap: number): Promise<Unit[]> {
  const units: Unit[] = [];
  let prose: { start: number; end: number } | undefined;
  const flushProse = async () => {
    if (prose) units.push(...(await splitProse(text, prose.start, prose.end, target, overlap)));
    prose = undefined;
  };
  for (const block of blocks(text, start, end)) {
    if (block.kind === 'prose') {
      prose = prose ? { start: prose.start, end: block.end } : { start: block.start, end: block.end };
      continue;
    }
    await flushProse();
    const size = block.end - block.start;
    if (size <= target) units.push({ start: block.start, end: block.end });
    else if (block.kind === 'table' || block.kind === 'list') units.push(...splitRows(text, block, target));
    else units.push(...(await splitProse(text, block.start, block.end, target, overlap)));
  }
  await flushProse();
  return units;
}

/** Greedily merges adjacent, non-overlapping units of plain text while the merged span fits the target. */
function pack(text: string, units: Unit[], target: number): Unit[] {
  const out: Unit[] = [];
  for (const unit of units) {
    const last = out.at(-1);
    if (last && !last.text && !unit.text && unit.start >= last.end && unit.end - last.start <= target) last.end = unit.end;
    else out.push({ ...unit });
  }
  return out.filter((u) => (u.text ?? text.slice(u.start, u.end)).trim());
}

/**
 * The label line still open where a piece starts: the last label line of the section before it, when the piece's
 * own text reaches a line before its first label (the lines it opens with are that label's).
 */
function openLabel(before: string, piece: string): string | undefined {
  // Where the text marks its labels in bold ("**Contraindications**"), only those lines are labels.
  const marked = before.split('\n').some(isStrongLine) || piece.split('\n').some(isStrongLine);
  const labelLine = (l: string) => (marked ? isStrongLine(l) : isLabel(l));
  const first = piece.split('\n').find((l) => l.trim());
  if (!first || labelLine(first)) return undefined;
  const lines = before.split('\n');
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = lines[i] as string;
    if (line.trim() && labelLine(line) && lines.slice(i + 1).some((l) => l.trim()))
      return line.trim().replace(/^(\*\*|__)|(\*\*|__)$/g, '');
  }
  return undefined;
}

function trimRange(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return [start, end];
}

export async function chunkText(text: string, title: string, options: ChunkOptions = {}): Promise<ChunkPiece[]> {
  const target = options.targetSize ?? 1200;
  const overlap = options.overlap ?? 150;
  const pieces: ChunkPiece[] = [];
  for (const section of sections(text)) {
    const [start, end] = trimRange(text, section.start, section.end);
    if (start >= end) continue;
    const names = section.headings.map((h) => h.text);
    const headingPath = section.headings[0]?.level === 1 ? names : [title, ...names];
    const units = end - start <= target ? [{ start, end }] : pack(text, await sectionUnits(text, start, end, target, overlap), target);
    for (const unit of units) {
      const piece: ChunkPiece = { text: unit.text ?? text.slice(unit.start, unit.end), headingPath, start: unit.start, end: unit.end };
      const label = unit.start > start ? openLabel(text.slice(start, unit.start), piece.text) : undefined;
      if (label) piece.label = label;
      pieces.push(piece);
    }
  }
  return pieces;
}
