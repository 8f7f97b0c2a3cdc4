/**
 * Reads a knowledge root (or one file) into SourceDocuments. Every bad file is reported by path and reason and
 * skipped; one unreadable PDF must never stop the protocols next to it from being ingested.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { ErrorCode, RoundsError } from '../core/errors.js';
import { splitFrontMatter } from './front-matter.js';
import { type ManualSection, readManual } from './manual/read-manual.js';
import { parseCorpusJsonl } from './parsers/corpus-jsonl.js';
import { docxToText } from './parsers/docx.js';
import { htmlToText } from './parsers/html.js';
import { pdfToText } from './parsers/pdf.js';
import { typeDocuments } from './population.js';
import { DocumentError, type LoadFailure, type SourceDocument, type SourceFormat } from './source-document.js';

const FORMATS: Record<string, SourceFormat> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.jsonl': 'jsonl',
};

export interface LoadResult {
  root: string;
  docs: SourceDocument[];
  failures: LoadFailure[];
  /** Ids left out because another document supersedes them. */
  superseded: string[];
  /** Files read as paged manuals (text extracted from PDF), with how many documents (sections) each gave. */
  manuals: { path: string; sections: number }[];
}

/**
 * Files a knowledge root holds that are not knowledge: its README, the terminology and qualifiers files, examples, dotfiles,
 * licence files, and an evaluation set's questions.jsonl (next to its corpus.jsonl in ../shared/eval folders).
 */
export function isIgnored(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    lower.startsWith('.') ||
    lower === 'readme.md' ||
    lower.startsWith('terminology.') ||
    lower.startsWith('qualifiers.') ||
    lower.includes('.example.') ||
    lower === 'node_modules' ||
    lower === 'questions.jsonl' ||
    /^(licen[cs]e|copying)(\.(md|txt))?$/.test(lower)
  );
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (isIgnored(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
}

export function slugId(relPath: string): string {
  const withoutExt = relPath
    .slice(0, relPath.length - extname(relPath).length)
    .split(sep)
    .join('/');
  return withoutExt
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9/._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/(^|\/)-+|-+($|\/)/g, '$1$2');
}

const humanize = (file: string) => basename(file, extname(file)).replace(/[-_]+/g, ' ').trim();

/** Plain text and PDF have no title field: a short first line is the title as written, else the file name. */
function firstLineTitle(text: string, file: string): string {
  const first = text.trim().split('\n')[0]?.trim() ?? '';
  return first && first.length <= 120 ? first : humanize(file);
}

/** Decodes a text file, refusing binary content behind a text extension. */
export function decodeText(data: Buffer): string {
  if (data.subarray(0, 8192).includes(0)) throw new DocumentError('binary file with a text extension (contains NUL bytes)');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new DocumentError('not valid UTF-8 text (binary file, or save it as UTF-8)');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trim()) throw new DocumentError('empty file');
  return text;
}

async function parseFile(
  file: string,
  relPath: string,
  format: SourceFormat,
): Promise<SourceDocument[] | { docs: SourceDocument[]; failures: LoadFailure[] }> {
  const data = readFileSync(file);
  const base = { format, path: relPath.split(sep).join('/'), supersedes: [] as string[] };
  if (format === 'pdf') {
    if (data.length === 0) throw new DocumentError('empty file');
    const { title, text } = await pdfToText(data);
    const doc = {
      ...base,
      id: slugId(relPath),
      title: title ?? firstLineTitle(text, file),
      collection: 'general',
      text,
      header: { title },
    };
    return asManual(doc, Boolean(title)) ?? [doc];
  }
  if (format === 'docx') {
    const { title, text, fields, header } = await docxToText(data);
    const { id, title: _title, collection, ...rest } = fields;
    return [
      { ...base, ...rest, id: id ?? slugId(relPath), title: title ?? humanize(file), collection: collection ?? 'general', text, header },
    ];
  }
  const raw = decodeText(data);
  if (format === 'jsonl') return parseCorpusJsonl(raw, base.path);
  if (format === 'html') {
    const { title, text } = htmlToText(raw);
    if (!text.trim()) throw new DocumentError('HTML page has no text');
    return [{ ...base, id: slugId(relPath), title: title ?? humanize(file), collection: 'general', text, header: { title } }];
  }
  const { header, fields, body } = format === 'markdown' ? splitFrontMatter(raw) : { header: {}, fields: { supersedes: [] }, body: raw };
  if (!body.trim()) throw new DocumentError('no text after the front matter');
  const h1 = format === 'markdown' ? /^#[ \t]+(.+?)[ \t#]*$/m.exec(body)?.[1]?.trim() : undefined;
  const { id, title, collection, ...rest } = fields;
  const doc: SourceDocument = {
    ...base,
    ...rest,
    id: id ?? slugId(relPath),
    title: title ?? h1 ?? (format === 'text' ? firstLineTitle(body, file) : humanize(file)),
    collection: collection ?? 'general',
    text: body,
    header,
  };
  return asManual(doc, Boolean(title ?? h1)) ?? [doc];
}

/** "1203-P" → "1203-p", "Length 83 – 94.5 cm" → "length-83-94.5-cm": a section's part of its document id. */
function sectionSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60);
  return slug || 'section';
}

/**
 * A file that is a paged manual extracted from PDF (page numbers, running headers) is read as the documents it
 * collects, one per protocol or chapter (see manual/read-manual.ts); each keeps the file's set, source and dates,
 * and carries its own title and version.
 */
function asManual(doc: SourceDocument, titled = false): SourceDocument[] | undefined {
  const sections = readManual(doc.text);
  if (!sections) return undefined;
  const only = sections.length === 1 ? sections[0] : undefined;
  if (only) {
    // One document across all its pages: furniture removed, steps kept; the file keeps its id.
    return [
      {
        ...doc,
        ...(titled ? {} : { title: only.title }),
        ...(only.version && !doc.version ? { version: only.version } : {}),
        text: only.text,
      },
    ];
  }
  const used = new Map<string, number>();
  return sections.map((s: ManualSection) => {
    const slug = sectionSlug(s.reference ?? s.title);
    const n = (used.get(slug) ?? 0) + 1;
    used.set(slug, n);
    return {
      ...doc,
      id: `${doc.id}/${n > 1 ? `${slug}-${n}` : slug}`,
      title: s.title,
      ...(s.version ? { version: s.version } : {}),
      text: s.text,
      header: { file: doc.header, section: { title: s.title, reference: s.reference, pages: s.pages } },
    };
  });
}

export async function loadDocuments(path: string): Promise<LoadResult> {
  const target = resolve(path);
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    throw new RoundsError(
      ErrorCode.InvalidInput,
      `Nothing to ingest at ${target}: no such file or directory. Pass a folder such as knowledge/ or a file.`,
    );
  }
  const root = isDir ? target : dirname(target);
  const files: string[] = [];
  if (isDir) walk(target, files);
  else files.push(target);

  const docs: SourceDocument[] = [];
  const failures: LoadFailure[] = [];
  const manuals: LoadResult['manuals'] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const relPath = relative(root, file);
    const format = FORMATS[extname(file).toLowerCase()];
    if (!format) {
      const legacy = extname(file).toLowerCase() === '.doc' ? ': a Word 97–2003 document; open it in Word and save it as .docx' : '';
      failures.push({
        path: relPath,
        reason: `unsupported file type "${extname(file) || 'none'}"${legacy} (supported: ${Object.keys(FORMATS).join(' ')})`,
      });
      continue;
    }
    try {
      const parsed = await parseFile(file, relPath, format);
      const list = Array.isArray(parsed) ? parsed : parsed.docs;
      if (!Array.isArray(parsed)) failures.push(...parsed.failures);
      else if (format !== 'jsonl' && list.length > 1) manuals.push({ path: relPath.split(sep).join('/'), sections: list.length });
      for (const doc of list) {
        const other = seen.get(doc.id);
        if (other) {
          failures.push({ path: doc.path, reason: `duplicate document id "${doc.id}" (also used by ${other})` });
          continue;
        }
        seen.set(doc.id, doc.path);
        docs.push(doc);
      }
    } catch (error) {
      const reason =
        error instanceof DocumentError
          ? error.message
          : `unreadable: ${(error as NodeJS.ErrnoException).code ?? ''} ${(error as Error).message}`.replace(/\s+/g, ' ').trim();
      failures.push({ path: relPath.split(sep).join('/'), reason });
    }
  }

  // A document named in another's `supersedes` (or naming a present document in `superseded_by`) leaves the
  // index: answering from the old version of a protocol is exactly what a care team must not get.
  const ids = new Set(docs.map((d) => d.id));
  const superseded = new Set<string>();
  for (const doc of docs) for (const old of doc.supersedes) if (old !== doc.id) superseded.add(old);
  for (const doc of docs) if (doc.supersededBy && ids.has(doc.supersededBy) && doc.supersededBy !== doc.id) superseded.add(doc.id);
  const kept = docs.filter((d) => !superseded.has(d.id));
  typeDocuments(kept);
  return {
    root,
    docs: kept,
    failures,
    superseded: [...superseded].filter((id) => ids.has(id)),
    manuals,
  };
}
