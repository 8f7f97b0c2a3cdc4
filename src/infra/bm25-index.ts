/**
 * In-process Okapi BM25 over chunks (title › headings + text), kept in sync with Chroma by the knowledge base.
 * Beside the score it reports coverage: the share of the query's IDF mass present in the chunk, a strong and
 * scale-free signal for abstention (a question whose rare terms appear nowhere is not answerable here).
 *
 * Memory: the index is compact so one instance holds 100k+ chunks in a few hundred MiB. Each posting is one
 * 32-bit word (slot × 256 + term frequency) in a per-term typed array, instead of two tagged JS numbers in two
 * growable arrays (16+ bytes); each chunk is stored once as UTF-8 JSON in one growing byte arena and decoded only
 * when returned (a search decodes its k hits), instead of as a graph of JS objects; the per-slot facts search
 * needs (length, collection, liveness) are typed arrays. Past SPILL_BYTES of stored chunks the arena moves to
 * an unlinked temporary file (read back with pread for the k hits; the OS page cache keeps it fast and out of the
 * process's RSS), so a 300k-chunk index does not hold its text in the heap either. Scores are computed exactly as before, in the same
 * order, so they are bit-for-bit the same (test/core/bm25-compact.test.ts compares with the earlier index).
 * Measured at 100k generated chunks (scripts/bench-answer.ts): see docs/deploy.md.
 */
import { indexText } from '../core/chunk-text.js';
import type { ChunkFilter, LexicalHit, LexicalIndex } from '../core/ports.js';
import { terms } from '../core/text.js';
import type { StoredChunk } from '../core/types.js';
import { ChunkArena } from './chunk-arena.js';

export interface Bm25Options {
  k1?: number;
  b?: number;
  /** Stored chunks past this many bytes go to a temporary file (default 32 MiB; tests set it low). */
  spillBytes?: number;
}

const SNAPSHOT_VERSION = 1;
/** A posting is slot * 256 + tf in a Uint32: up to 2^24 slots; tf 255 means "look it up in bigTf". */
const TF_ESCAPE = 255;
const MAX_SLOTS = 2 ** 24;
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

function grow<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const bigger = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  bigger.set(a);
  return bigger;
}

export class Bm25Index implements LexicalIndex {
  private readonly k1: number;
  private readonly b: number;
  /** Slots ever assigned since the last compaction (live and dead). */
  private slots = 0;
  private lengths = new Int32Array(1024);
  private alive = new Uint8Array(1024);
  private collectionOf = new Uint16Array(1024);
  private chunkIndexOf = new Int32Array(1024);
  private offsets = new Float64Array(1024);
  private sizes = new Int32Array(1024);
  private docIdOf: (string | undefined)[] = [];
  /** Every stored chunk as UTF-8 JSON, back to back; a removed chunk's bytes stay until a compaction. */
  private arena: ChunkArena;
  private readonly spillBytes: number | undefined;
  private collections: string[] = [];
  private collectionIds = new Map<string, number>();
  private slotById = new Map<string, number>();
  /** docId → its slots in add order (one number for a one-chunk document), for evidence windows. */
  private byDoc = new Map<string, number | number[]>();
  private termIds = new Map<string, number>();
  private postings: Uint32Array[] = [];
  private postingLength: number[] = [];
  /** Exact term frequencies of 255 and more, keyed termId * 2^24 + slot (rare: a term repeated in one chunk). */
  private bigTf = new Map<number, number>();
  private live = 0;
  private totalLength = 0;
  private dead = 0;
  private acc = new Float64Array(0);
  private cov = new Float64Array(0);

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.spillBytes = options.spillBytes;
    this.arena = new ChunkArena(this.spillBytes);
  }

  /** The BM25 parameters, for snapshots. */
  get parameters(): { k1: number; b: number } {
    return { k1: this.k1, b: this.b };
  }

  get size(): number {
    return this.live;
  }

  /** Adds (or replaces) chunks; `termLists[i]`, when given, must be `terms(indexText(chunks[i]))`. */
  add(chunks: StoredChunk[], termLists?: string[][]): void {
    for (const [i, chunk] of chunks.entries()) {
      if (this.slotById.has(chunk.id)) this.remove([chunk.id]);
      const slot = this.slots;
      if (slot >= MAX_SLOTS) throw new Error(`the lexical index holds at most ${MAX_SLOTS - 1} chunks`);
      this.ensureSlots(slot + 1);
      const toks = termLists?.[i] ?? terms(indexText(chunk));
      const tf = new Map<string, number>();
      for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let id = this.termIds.get(t);
        if (id === undefined) {
          id = this.postings.length;
          this.termIds.set(t, id);
          this.postings.push(new Uint32Array(2));
          this.postingLength.push(0);
        }
        const len = this.postingLength[id] as number;
        let list = this.postings[id] as Uint32Array;
        if (len === list.length) {
          list = grow(list, len + 1);
          this.postings[id] = list;
        }
        list[len] = slot * 256 + Math.min(n, TF_ESCAPE);
        if (n >= TF_ESCAPE) this.bigTf.set(id * MAX_SLOTS + slot, n);
        this.postingLength[id] = len + 1;
      }
      this.store(slot, chunk);
      this.lengths[slot] = toks.length;
      this.alive[slot] = 1;
      this.collectionOf[slot] = this.collectionId(chunk.meta.collection);
      this.chunkIndexOf[slot] = chunk.meta.chunkIndex;
      this.docIdOf[slot] = chunk.meta.docId;
      this.slots = slot + 1;
      this.slotById.set(chunk.id, slot);
      const doc = this.byDoc.get(chunk.meta.docId);
      if (doc === undefined) this.byDoc.set(chunk.meta.docId, slot);
      else if (typeof doc === 'number') this.byDoc.set(chunk.meta.docId, [doc, slot]);
      else doc.push(slot);
      this.live += 1;
      this.totalLength += toks.length;
    }
  }

  remove(ids: string[]): void {
    for (const id of ids) {
      const slot = this.slotById.get(id);
      if (slot === undefined) continue;
      this.slotById.delete(id);
      const docId = this.docIdOf[slot] as string;
      const doc = this.byDoc.get(docId);
      if (typeof doc === 'number' || doc === undefined) this.byDoc.delete(docId);
      else {
        const rest = doc.filter((s) => s !== slot);
        if (rest.length === 1) this.byDoc.set(docId, rest[0] as number);
        else this.byDoc.set(docId, rest);
      }
      this.alive[slot] = 0;
      this.docIdOf[slot] = undefined;
      this.totalLength -= this.lengths[slot] ?? 0;
      this.live -= 1;
      this.dead += 1;
    }
    // Postings keep dead slots until a compaction; compact when they are a third of the index.
    if (this.dead > 1000 && this.dead > this.slots / 3) this.compact();
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
    const id = this.termIds.get(term);
    if (id === undefined) return 0;
    const len = this.postingLength[id] as number;
    if (this.dead === 0) return len;
    const list = this.postings[id] as Uint32Array;
    let n = 0;
    for (let i = 0; i < len; i += 1) if (this.alive[(list[i] as number) >>> 8]) n += 1;
    return n;
  }

  search(query: string, k: number, filter?: ChunkFilter): LexicalHit[] {
    if (this.live === 0) return [];
    const qTerms = [...new Set(terms(query))];
    if (qTerms.length === 0) return [];
    let allowed: Uint8Array | undefined;
    if (filter?.collections && !filter.collections.includes('*')) {
      allowed = new Uint8Array(this.collections.length);
      for (const c of filter.collections) {
        const id = this.collectionIds.get(c);
        if (id !== undefined) allowed[id] = 1;
      }
    }
    const avgdl = this.totalLength / this.live || 1;
    // Typed accumulators reused across searches: a Map per query costs more than the scoring itself at 100k chunks.
    const n = this.slots;
    if (this.acc.length < n) {
      this.acc = new Float64Array(Math.max(n, this.acc.length * 2));
      this.cov = new Float64Array(this.acc.length);
    }
    const acc = this.acc;
    const cov = this.cov;
    const alive = this.alive;
    const lengths = this.lengths;
    const collectionOf = this.collectionOf;
    const touched: number[] = [];
    let idfTotal = 0;
    for (const term of qTerms) {
      const idf = this.idf(term);
      idfTotal += idf;
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const list = this.postings[id] as Uint32Array;
      const len = this.postingLength[id] as number;
      for (let i = 0; i < len; i += 1) {
        const p = list[i] as number;
        const slot = p >>> 8;
        if (!alive[slot]) continue;
        if (allowed && !allowed[collectionOf[slot] as number]) continue;
        let tf = p & 255;
        if (tf === TF_ESCAPE) tf = this.bigTf.get(id * MAX_SLOTS + slot) as number;
        const dl = lengths[slot] as number;
        const s = (idf * (tf * (this.k1 + 1))) / (tf + this.k1 * (1 - this.b + (this.b * dl) / avgdl));
        if (acc[slot] === 0) touched.push(slot);
        acc[slot] = (acc[slot] as number) + s;
        cov[slot] = (cov[slot] as number) + idf;
      }
    }
    const top = topK(touched, acc, k);
    const hits = top.map((slot) => ({
      chunk: this.chunkAt(slot),
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
    if (slot === undefined) return [];
    const doc = this.byDoc.get(this.docIdOf[slot] as string);
    const docSlots = doc === undefined ? [] : typeof doc === 'number' ? [doc] : doc;
    const center = this.chunkIndexOf[slot] as number;
    const out: StoredChunk[] = [];
    for (let i = center - radius; i <= center + radius; i += 1) {
      // The latest chunk added at that position (a re-added chunk index replaces the earlier one).
      let found: number | undefined;
      for (const s of docSlots) if (this.chunkIndexOf[s] === i) found = s;
      if (found !== undefined) out.push(this.chunkAt(found));
    }
    return out;
  }

  /** Every live chunk (for tests and snapshots), decoded from the arena: use sparingly at 100k chunks. */
  all(): StoredChunk[] {
    const out: StoredChunk[] = [];
    for (let slot = 0; slot < this.slots; slot += 1) if (this.alive[slot]) out.push(this.chunkAt(slot));
    return out;
  }

  private ensureSlots(n: number): void {
    this.lengths = grow(this.lengths, n);
    this.alive = grow(this.alive, n);
    this.collectionOf = grow(this.collectionOf, n);
    this.chunkIndexOf = grow(this.chunkIndexOf, n);
    this.offsets = grow(this.offsets, n);
    this.sizes = grow(this.sizes, n);
  }

  private collectionId(name: string): number {
    let id = this.collectionIds.get(name);
    if (id === undefined) {
      id = this.collections.length;
      if (id >= 65536) throw new Error('the lexical index holds at most 65,536 collections');
      this.collections.push(name);
      this.collectionIds.set(name, id);
    }
    return id;
  }

  private store(slot: number, chunk: StoredChunk): void {
    const [offset, length] = this.arena.append(JSON.stringify(chunk));
    this.offsets[slot] = offset;
    this.sizes[slot] = length;
  }

  private chunkAt(slot: number): StoredChunk {
    return JSON.parse(this.arena.read(this.offsets[slot] as number, this.sizes[slot] as number)) as StoredChunk;
  }

  /** Calls `write` with each live chunk's JSON in slot order, without decoding it (streamed snapshots). */
  forEachChunkJson(write: (json: string) => void): void {
    for (let slot = 0; slot < this.slots; slot += 1) {
      if (this.alive[slot]) write(this.arena.read(this.offsets[slot] as number, this.sizes[slot] as number));
    }
  }

  private compact(): void {
    const keep = this.all();
    this.slots = 0;
    this.docIdOf = [];
    this.arena.close();
    this.arena = new ChunkArena(this.spillBytes);
    this.slotById = new Map();
    this.byDoc = new Map();
    this.termIds = new Map();
    this.postings = [];
    this.postingLength = [];
    this.bigTf = new Map();
    this.live = 0;
    this.totalLength = 0;
    this.dead = 0;
    this.add(keep);
  }

  toJSON(): unknown {
    return { version: SNAPSHOT_VERSION, k1: this.k1, b: this.b, chunks: this.all() };
  }

  /** Throws on a snapshot of another version or shape (the caller then rebuilds from Chroma). */
  static fromJSON(data: unknown): Bm25Index {
    const d = data as { version?: unknown; k1?: unknown; b?: unknown; chunks?: unknown };
    if (!d || d.version !== SNAPSHOT_VERSION || !Array.isArray(d.chunks)) {
      throw new Error('lexical snapshot has an unknown version or shape');
    }
    const index = new Bm25Index({ k1: Number(d.k1) || undefined, b: Number(d.b) || undefined });
    index.add(d.chunks as StoredChunk[]);
    return index;
  }
}
