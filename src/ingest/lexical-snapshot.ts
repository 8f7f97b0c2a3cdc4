/**
 * The lexical (BM25) index lives in process memory; a snapshot under `<dataDir>/lexical/<collection>.json`
 * saves rebuilding it from Chroma at every start. The snapshot names the index generation it matches: a
 * snapshot from another generation (someone ingested since) or a corrupt file is ignored and rebuilt.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Bm25Index } from '../infra/bm25-index.js';

export interface LexicalSnapshot {
  generation: number;
  count: number;
  embedder?: string;
  index: Bm25Index;
}

export function snapshotPath(dataDir: string, collection: string): string {
  return join(dataDir, 'lexical', `${collection}.json`);
}

/** Returns undefined when missing or unreadable (the caller rebuilds from Chroma). */
export function readSnapshot(path: string): LexicalSnapshot | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const data = JSON.parse(raw) as { generation?: unknown; count?: unknown; embedder?: unknown; bm25?: unknown };
    if (typeof data.generation !== 'number' || typeof data.count !== 'number') return undefined;
    const index = Bm25Index.fromJSON(data.bm25);
    if (index.size !== data.count) return undefined;
    return {
      generation: data.generation,
      count: data.count,
      ...(typeof data.embedder === 'string' ? { embedder: data.embedder } : {}),
      index,
    };
  } catch {
    return undefined;
  }
}

/** Atomic (write then rename), so a crash mid-write leaves the old snapshot or none, never half a file. */
export function writeSnapshot(path: string, snapshot: LexicalSnapshot): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(
    tmp,
    JSON.stringify({ generation: snapshot.generation, count: snapshot.count, embedder: snapshot.embedder, bm25: snapshot.index.toJSON() }),
  );
  renameSync(tmp, path);
}

export function removeSnapshot(path: string): void {
  rmSync(path, { force: true });
}
