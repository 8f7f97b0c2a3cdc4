/**
 * The Bm25Index as it was before its postings and stored chunks were made compact (commit 216ccbe), kept only
 * so bm25-compact.test.ts can check the compact index scores bit for bit the same on a generated corpus.
 */
import { indexText } from '../../src/core/chunk-text.js';
import type { ChunkFilter, LexicalHit, LexicalIndex } from '../../src/core/ports.js';
import { terms } from '../../src/core/text.js';
import type { StoredChunk } from '../../src/core/types.js';

interface Posting {
  docs: number[];
  tfs: number[];
}

interface Bm25Options {
  k1?: number;
  b?: number;
}

const SNAPSHOT_VERSION = 1;

/** The k best slots by score, best first, without sorting every touched slot (common terms touch most chunks). */
function topK(slots: number[], score: Float64Array, k: number): number[] {
  if (slots.length <= k * 4) return slots.sort((a, b) => (score[b] as number) - (score[a] as number)).slice(0, k);
  // A bounded min-heap of size k.
  const heap: number[] = [];
  const less = (a: number, b: number) => (score[a] as number) < (score[b] as number);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l] as number, heap[m] as number)) m = l;
      if (r < heap.length && less(heap[r] as number, heap[m] as number)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as number, heap[i] as number];
      i = m;
    }
  };
  for (const s of slots) {
    if (heap.length < k) {
      heap.push(s);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!less(heap[i] as number, heap[parent] as number)) break;
        [heap[i], heap[parent]] = [heap[parent] as number, heap[i] as number];
        i = parent;
      }
    } else if (less(heap[0] as number, s)) {
      heap[0] = s;
      down(0);
    }
  }
  return heap.sort((a, b) => (score[b] as number) - (score[a] as number));
}

export class ReferenceBm25Index implements LexicalIndex {
  private readonly k1: number;
  private readonly b: number;
  private chunks: (StoredChunk | undefined)[] = [];
  private lengths: number[] = [];
  private slotById = new Map<string, number>();
  /** docId → chunkIndex → slot, for evidence windows. */
  private byDoc = new Map<string, Map<number, number>>();
  private postings = new Map<string, Posting>();
  private live = 0;
  private totalLength = 0;
  private dead = 0;
  private acc = new Float64Array(0);
  private cov = new Float64Array(0);

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
  }

  get size(): number {
    return this.live;
  }

  /** Adds (or replaces) chunks; `termLists[i]`, when given, must be `terms(indexText(chunks[i]))`. */
  add(chunks: StoredChunk[], termLists?: string[][]): void {
    for (const [i, chunk] of chunks.entries()) {
      if (this.slotById.has(chunk.id)) this.remove([chunk.id]);
      const slot = this.chunks.length;
      const toks = termLists?.[i] ?? terms(indexText(chunk));
      const tf = new Map<string, number>();
      for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let p = this.postings.get(t);
        if (!p) {
          p = { docs: [], tfs: [] };
          this.postings.set(t, p);
        }
        p.docs.push(slot);
        p.tfs.push(n);
      }
      this.chunks.push(chunk);
      this.lengths.push(toks.length);
      this.slotById.set(chunk.id, slot);
      let doc = this.byDoc.get(chunk.meta.docId);
      if (!doc) {
        doc = new Map();
        this.byDoc.set(chunk.meta.docId, doc);
      }
      doc.set(chunk.meta.chunkIndex, slot);
      this.live += 1;
      this.totalLength += toks.length;
    }
  }

  remove(ids: string[]): void {
    for (const id of ids) {
      const slot = this.slotById.get(id);
      if (slot === undefined) continue;
      this.slotById.delete(id);
      const chunk = this.chunks[slot];
      if (chunk) {
        const doc = this.byDoc.get(chunk.meta.docId);
        doc?.delete(chunk.meta.chunkIndex);
        if (doc && doc.size === 0) this.byDoc.delete(chunk.meta.docId);
      }
      this.chunks[slot] = undefined;
      this.totalLength -= this.lengths[slot] ?? 0;
      this.live -= 1;
      this.dead += 1;
    }
    // Postings keep dead slots until a compaction; compact when they are a third of the index.
    if (this.dead > 1000 && this.dead > this.chunks.length / 3) this.compact();
  }

  has(id: string): boolean {
    return this.slotById.has(id);
  }

  /** IDF with the usual +1 so it is never negative; unknown terms get the maximum (df = 0). */
  idf(term: string): number {
    const df = this.docFrequency(term);
    return Math.log(1 + (this.live - df + 0.5) / (df + 0.5));
  }

  /** Live chunks that contain the term (0: the knowledge base never uses it). */
  docFrequency(term: string): number {
    const p = this.postings.get(term);
    if (!p) return 0;
    if (this.dead === 0) return p.docs.length;
    let n = 0;
    for (const d of p.docs) if (this.chunks[d]) n += 1;
    return n;
  }

  search(query: string, k: number, filter?: ChunkFilter): LexicalHit[] {
    if (this.live === 0) return [];
    const qTerms = [...new Set(terms(query))];
    if (qTerms.length === 0) return [];
    const allowed = filter?.collections && !filter.collections.includes('*') ? new Set(filter.collections) : undefined;
    const avgdl = this.totalLength / this.live || 1;
    // Typed accumulators reused across searches: a Map per query costs more than the scoring itself at 100k chunks.
    const n = this.chunks.length;
    if (this.acc.length < n) {
      this.acc = new Float64Array(Math.max(n, this.acc.length * 2));
      this.cov = new Float64Array(this.acc.length);
    }
    const acc = this.acc;
    const cov = this.cov;
    const touched: number[] = [];
    let idfTotal = 0;
    for (const term of qTerms) {
      const idf = this.idf(term);
      idfTotal += idf;
      const p = this.postings.get(term);
      if (!p) continue;
      const docs = p.docs;
      const tfs = p.tfs;
      for (let i = 0; i < docs.length; i += 1) {
        const slot = docs[i] as number;
        const chunk = this.chunks[slot];
        if (!chunk) continue;
        if (allowed && !allowed.has(chunk.meta.collection)) continue;
        const tf = tfs[i] as number;
        const len = this.lengths[slot] as number;
        const s = (idf * (tf * (this.k1 + 1))) / (tf + this.k1 * (1 - this.b + (this.b * len) / avgdl));
        if (acc[slot] === 0) touched.push(slot);
        acc[slot] = (acc[slot] as number) + s;
        cov[slot] = (cov[slot] as number) + idf;
      }
    }
    const top = topK(touched, acc, k);
    const hits = top.map((slot) => ({
      chunk: this.chunks[slot] as StoredChunk,
      score: acc[slot] as number,
      coverage: idfTotal > 0 ? (cov[slot] as number) / idfTotal : 0,
    }));
    for (const slot of touched) {
      acc[slot] = 0;
      cov[slot] = 0;
    }
    return hits;
  }

  window(chunkId: string, radius: number): StoredChunk[] {
    const slot = this.slotById.get(chunkId);
    const chunk = slot === undefined ? undefined : this.chunks[slot];
    if (!chunk) return [];
    const doc = this.byDoc.get(chunk.meta.docId);
    const out: StoredChunk[] = [];
    for (let i = chunk.meta.chunkIndex - radius; i <= chunk.meta.chunkIndex + radius; i += 1) {
      const s = doc?.get(i);
      const c = s === undefined ? undefined : this.chunks[s];
      if (c) out.push(c);
    }
    return out;
  }

  /** Every live chunk (for tests and snapshots). */
  all(): StoredChunk[] {
    return this.chunks.filter((c): c is StoredChunk => c !== undefined);
  }

  private compact(): void {
    const keep = this.all();
    this.chunks = [];
    this.lengths = [];
    this.slotById = new Map();
    this.byDoc = new Map();
    this.postings = new Map();
    this.live = 0;
    this.totalLength = 0;
    this.dead = 0;
    this.add(keep);
  }

  toJSON(): unknown {
    return { version: SNAPSHOT_VERSION, k1: this.k1, b: this.b, chunks: this.all() };
  }

  /** Throws on a snapshot of another version or shape (the caller then rebuilds from Chroma). */
  static fromJSON(data: unknown): ReferenceBm25Index {
    const d = data as { version?: unknown; k1?: unknown; b?: unknown; chunks?: unknown };
    if (!d || d.version !== SNAPSHOT_VERSION || !Array.isArray(d.chunks)) {
      throw new Error('lexical snapshot has an unknown version or shape');
    }
    const index = new ReferenceBm25Index({ k1: Number(d.k1) || undefined, b: Number(d.b) || undefined });
    index.add(d.chunks as StoredChunk[]);
    return index;
  }
}
