/**
 * The offline default embedder: a deterministic vector computed from the text itself (no model files, no
 * download). Signed feature hashing of stemmed words, word bigrams and character trigrams, with sublinear term
 * frequency (768 dimensions: fewer collisions than 512 measured +3 points recall@1 on pubmedqa-dev) and L2 normalisation. It captures lexical and sub-word overlap (haemorrhage ≈ hemorrhage), which
 * complements BM25 in fusion; it is not a semantic model, and an OpenAI-compatible embedder can replace it.
 */
import type { Embedder } from '../core/ports.js';
import { terms } from '../core/text.js';

export interface HashEmbedderOptions {
  dimension?: number;
}

/** FNV-1a, 32-bit. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const WEIGHTS = { word: 1, bigram: 0.5, trigram: 0.3 } as const;
const SEED_WORD = 0x811c9dc5;
const SEED_TRIGRAM = 0x01234567;

export class HashEmbedder implements Embedder {
  readonly name: string;
  readonly dimension: number;

  constructor(options: HashEmbedderOptions = {}) {
    this.dimension = options.dimension ?? 768;
    this.name = `hash-v1-${this.dimension}`;
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedOne(t));
  }

  embedTerms(termLists: string[][]): number[][] {
    return termLists.map((toks) => this.embedOne(toks));
  }

  embedOne(text: string | string[]): number[] {
    // Features are hashed straight to numbers (no feature strings) and counted in a reusable open-addressing
    // table (no Map per chunk) to keep ingest fast on two cores. Per feature: its count, and the type weight
    // that multiplies the sublinear count (1 + ln tf), never a fractional tf. Features are summed into the
    // vector in first-seen order, so the result is bit-for-bit what a Map in insertion order gives.
    const table = this.table;
    table.reset();
    const toks = typeof text === 'string' ? terms(text) : text;
    let prev = 0;
    for (let i = 0; i < toks.length; i += 1) {
      const w = toks[i] as string;
      const hw = fnv1a(w, SEED_WORD);
      table.bump(hw, WEIGHTS.word);
      if (i > 0) table.bump(Math.imul(prev ^ 0x9e3779b9, 0x85ebca6b) ^ hw, WEIGHTS.bigram);
      prev = hw;
      if (w.length >= 4) {
        // Character trigrams of "<word>", hashed in place.
        const last = w.length + 2;
        for (let j = 0; j + 3 <= last; j += 1) {
          let h = SEED_TRIGRAM;
          for (let c = j; c < j + 3; c += 1) {
            h ^= c === 0 ? 60 : c === last - 1 ? 62 : w.charCodeAt(c - 1);
            h = Math.imul(h, 0x01000193) >>> 0;
          }
          table.bump(h, WEIGHTS.trigram);
        }
      }
    }
    const v = new Float64Array(this.dimension);
    for (let n = 0; n < table.size; n += 1) {
      const at = table.order[n] as number;
      const h = (table.keys[at] as number) >>> 0;
      const weight = (table.weights[at] as number) * (1 + Math.log(table.counts[at] as number));
      const slot = h % this.dimension;
      const sign = (h >>> 31) & 1 ? -1 : 1;
      v[slot] = (v[slot] as number) + sign * weight;
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm);
    const out = new Array<number>(this.dimension);
    for (let i = 0; i < this.dimension; i += 1) out[i] = norm > 0 ? (v[i] as number) / norm : 0;
    return out;
  }

  private readonly table = new FeatureTable();
}

/**
 * Feature counts for one text: open addressing over the feature's hash value (kept exactly, signed or not, as
 * the Map key it replaces), with first-seen order recorded. Grows when half full.
 */
class FeatureTable {
  keys = new Float64Array(1024);
  counts = new Float64Array(1024);
  weights = new Float64Array(1024);
  used = new Uint8Array(1024);
  order = new Int32Array(1024);
  size = 0;
  private mask = 1023;

  reset(): void {
    for (let n = 0; n < this.size; n += 1) this.used[this.order[n] as number] = 0;
    this.size = 0;
  }

  bump(key: number, weight: number): void {
    if (this.size * 2 >= this.mask) this.grow();
    let at = (key ^ (key >>> 15)) & this.mask;
    while (this.used[at] === 1 && this.keys[at] !== key) at = (at + 1) & this.mask;
    if (this.used[at] === 1) {
      this.counts[at] = (this.counts[at] as number) + 1;
    } else {
      this.used[at] = 1;
      this.keys[at] = key;
      this.counts[at] = 1;
      this.order[this.size++] = at;
    }
    // As with Map.set: a hash shared by two feature types keeps the weight of the last one seen.
    this.weights[at] = weight;
  }

  private grow(): void {
    const old = { keys: this.keys, counts: this.counts, weights: this.weights, order: this.order, size: this.size };
    const capacity = this.keys.length * 2;
    this.keys = new Float64Array(capacity);
    this.counts = new Float64Array(capacity);
    this.weights = new Float64Array(capacity);
    this.used = new Uint8Array(capacity);
    this.order = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
    for (let n = 0; n < old.size; n += 1) {
      const from = old.order[n] as number;
      const key = old.keys[from] as number;
      let at = (key ^ (key >>> 15)) & this.mask;
      while (this.used[at] === 1) at = (at + 1) & this.mask;
      this.used[at] = 1;
      this.keys[at] = key;
      this.counts[at] = old.counts[from] as number;
      this.weights[at] = old.weights[from] as number;
      this.order[this.size++] = at;
    }
  }
}
