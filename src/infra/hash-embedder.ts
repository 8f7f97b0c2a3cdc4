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

  embedOne(text: string): number[] {
    // Features are hashed straight to 32-bit numbers (no feature strings) to keep ingest fast on two cores.
    // count per feature; the type weight multiplies the sublinear count (1 + ln tf), never a fractional tf.
    const counts = new Map<number, number>();
    const weights = new Map<number, number>();
    const bump = (h: number, weight: number) => {
      counts.set(h, (counts.get(h) ?? 0) + 1);
      weights.set(h, weight);
    };
    const toks = terms(text);
    let prev = 0;
    for (let i = 0; i < toks.length; i += 1) {
      const w = toks[i] as string;
      const hw = fnv1a(w, SEED_WORD);
      bump(hw, WEIGHTS.word);
      if (i > 0) bump(Math.imul(prev ^ 0x9e3779b9, 0x85ebca6b) ^ hw, WEIGHTS.bigram);
      prev = hw;
      if (w.length >= 4) {
        const padded = `<${w}>`;
        for (let j = 0; j + 3 <= padded.length; j += 1) {
          let h = SEED_TRIGRAM;
          for (let c = j; c < j + 3; c += 1) {
            h ^= padded.charCodeAt(c);
            h = Math.imul(h, 0x01000193) >>> 0;
          }
          bump(h, WEIGHTS.trigram);
        }
      }
    }
    const v = new Float64Array(this.dimension);
    for (const [feature, count] of counts) {
      const h = feature >>> 0;
      const weight = (weights.get(feature) ?? 1) * (1 + Math.log(count));
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
}
