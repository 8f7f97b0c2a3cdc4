/**
 * The lexical (BM25) index lives in process memory; a snapshot under `<dataDir>/lexical/<collection>.jsonl`
 * saves rebuilding it from Chroma at every start. The snapshot names the index generation it matches: a
 * snapshot from another generation (someone ingested since), of an older format, or a corrupt file is ignored
 * and rebuilt. One header line, then one chunk per line, written and read in a stream: a 100k-chunk snapshot is
 * ~150 MB, and building it as one string (or parsing it as one) would double the process's peak memory.
 */
import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StoredChunk } from '../core/types.js';
import { Bm25Index } from '../infra/bm25-index.js';

export interface LexicalSnapshot {
  generation: number;
  count: number;
  embedder?: string;
  index: Bm25Index;
}

const FORMAT = 'rounds-lexical-snapshot';
const VERSION = 2;
/** Chunks added to the index per batch while reading. */
const BATCH = 1000;

export function snapshotPath(dataDir: string, collection: string): string {
  return join(dataDir, 'lexical', `${collection}.jsonl`);
}

/** Lines of a file, read in 1 MiB blocks. */
function* lines(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let rest = '';
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = rest + buf.toString('utf8', 0, n);
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      yield* parts;
    }
    if (rest) yield rest;
  } finally {
    closeSync(fd);
  }
}

/** Returns undefined when missing, of another format, or unreadable (the caller rebuilds from Chroma). */
export function readSnapshot(path: string): LexicalSnapshot | undefined {
  let it: Generator<string>;
  try {
    it = lines(path);
    const first = it.next();
    if (first.done) return undefined;
    const head = JSON.parse(first.value) as {
      format?: unknown;
      version?: unknown;
      generation?: unknown;
      count?: unknown;
      embedder?: unknown;
      k1?: unknown;
      b?: unknown;
    };
    if (head.format !== FORMAT || head.version !== VERSION || typeof head.generation !== 'number' || typeof head.count !== 'number') {
      it.return(undefined);
      return undefined;
    }
    const index = new Bm25Index({ k1: Number(head.k1) || undefined, b: Number(head.b) || undefined });
    let batch: StoredChunk[] = [];
    for (const line of it) {
      if (!line) continue;
      batch.push(JSON.parse(line) as StoredChunk);
      if (batch.length === BATCH) {
        index.add(batch);
        batch = [];
      }
    }
    index.add(batch);
    if (index.size !== head.count) return undefined;
    return {
      generation: head.generation,
      count: head.count,
      ...(typeof head.embedder === 'string' ? { embedder: head.embedder } : {}),
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
  const fd = openSync(tmp, 'w');
  try {
    let pending: string[] = [];
    let pendingChars = 0;
    const flush = () => {
      if (pending.length) writeSync(fd, pending.join(''));
      pending = [];
      pendingChars = 0;
    };
    const { k1, b } = snapshot.index.parameters;
    pending.push(
      `${JSON.stringify({ format: FORMAT, version: VERSION, generation: snapshot.generation, count: snapshot.count, embedder: snapshot.embedder, k1, b })}\n`,
    );
    snapshot.index.forEachChunkJson((json) => {
      pending.push(json, '\n');
      pendingChars += json.length + 1;
      if (pendingChars > 1 << 20) flush();
    });
    flush();
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function removeSnapshot(path: string): void {
  rmSync(path, { force: true });
  // The JSON snapshot of earlier versions, if any.
  rmSync(path.replace(/\.jsonl$/, '.json'), { force: true });
}
