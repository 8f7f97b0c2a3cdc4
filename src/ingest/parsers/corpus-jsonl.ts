/**
 * `corpus.jsonl` as in ../shared/eval/README.md: one `{id, title, text, metadata}` document a line. A bad line
 * is reported as `file:line` and skipped; the rest of the file is still ingested.
 */
import { DocumentError, type LoadFailure, type SourceDocument } from '../source-document.js';

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;

export function parseCorpusLine(line: string, relPath: string): SourceDocument {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch (error) {
    throw new DocumentError(`invalid JSON: ${(error as Error).message}`);
  }
  if (!row || typeof row !== 'object' || Array.isArray(row)) throw new DocumentError('expected a JSON object {id, title, text, metadata}');
  const r = row as Record<string, unknown>;
  const id = str(r.id);
  if (!id) throw new DocumentError('missing "id"');
  if (typeof r.text !== 'string' || !r.text.trim()) throw new DocumentError(`document ${id} has no "text"`);
  const metadata = r.metadata && typeof r.metadata === 'object' ? (r.metadata as Record<string, unknown>) : {};
  const doc: SourceDocument = {
    id,
    title: str(r.title) ?? id,
    text: r.text,
    format: 'jsonl',
    collection: str(metadata.collection) ?? 'general',
    path: `${relPath}#${id}`,
    header: { title: r.title, metadata },
    supersedes: [],
  };
  for (const [key, field] of [
    ['version', 'version'],
    ['source', 'source'],
    ['publisher', 'publisher'],
    ['effective', 'effective'],
    ['review_by', 'reviewBy'],
  ] as const) {
    const value = str(metadata[key]);
    if (value) doc[field] = value;
  }
  return doc;
}

export function parseCorpusJsonl(raw: string, relPath: string): { docs: SourceDocument[]; failures: LoadFailure[] } {
  const docs: SourceDocument[] = [];
  const failures: LoadFailure[] = [];
  const lines = raw.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim();
    if (!line) continue;
    try {
      docs.push(parseCorpusLine(line, relPath));
    } catch (error) {
      failures.push({ path: `${relPath}:${i + 1}`, reason: (error as Error).message });
    }
  }
  return { docs, failures };
}
