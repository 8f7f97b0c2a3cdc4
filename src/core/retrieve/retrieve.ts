/**
 * Hybrid retrieval: dense candidates from the vector index and lexical candidates from BM25, both restricted to
 * the channel's document sets (superseded documents are never in the index), fused by reciprocal rank fusion.
 */

import type { Embedder, LexicalHit, LexicalIndex, VectorIndex } from '../ports.js';
import { fold } from '../text.js';
import type { RetrievedChunk, StoredChunk } from '../types.js';
import { reciprocalRankFusion } from './fusion.js';

export interface RetrieveDeps {
  embedder: Embedder;
  index: VectorIndex;
  lexical: LexicalIndex;
}

export interface RetrieveOptions {
  collections: string[];
  /**
   * Other names of the question's terms (terminology): searched lexically apart and weighed less, so four names of
   * one concept ("renal impairment", "kidney disease", …) do not outweigh the one rare word beside it
   * ("nitrofurantoin"). The dense query gets them with the question.
   */
  expansion?: string;
  expansionWeight?: number;
  /**
   * Words of the question searched lexically at the expansion weight rather than the question's own: words naming
   * a young patient ("child", "kid"), which the sources for that group need not use.
   */
  light?: readonly string[];
  candidates: number;
  denseWeight: number;
  lexicalWeight: number;
}

export interface Retrieval {
  /** Fused ranking, best first (at most `candidates`). */
  chunks: RetrievedChunk[];
  /** Doc ids in lexical rank order (first occurrence), for margins and agreement. */
  lexicalDocs: { docId: string; score: number }[];
  denseDocs: { docId: string; similarity: number }[];
  denseMs: number;
  lexicalMs: number;
}

export async function retrieve(query: string, deps: RetrieveDeps, options: RetrieveOptions): Promise<Retrieval> {
  const filter = { collections: options.collections };
  const t0 = performance.now();
  const lexHits = lexicalSearch(query, deps.lexical, options, filter);
  const t1 = performance.now();
  const [vector] = await deps.embedder.embed([options.expansion ? `${query}\n${options.expansion}` : query]);
  const denseHits = vector ? await deps.index.query(vector, options.candidates, filter) : [];
  const t2 = performance.now();

  const byId = new Map<string, RetrievedChunk>();
  const entry = (chunk: StoredChunk): RetrievedChunk => {
    let e = byId.get(chunk.id);
    if (!e) {
      e = { ...chunk, score: 0 };
      byId.set(chunk.id, e);
    }
    return e;
  };
  lexHits.forEach((h, i) => {
    const e = entry(h.chunk);
    e.lexicalRank = i + 1;
    e.lexicalScore = h.score;
  });
  denseHits.forEach((h, i) => {
    const e = entry(h.chunk);
    e.denseRank = i + 1;
    e.denseScore = h.similarity;
  });
  const fused = reciprocalRankFusion([
    { ids: lexHits.map((h) => h.chunk.id), weight: options.lexicalWeight },
    { ids: denseHits.map((h) => h.chunk.id), weight: options.denseWeight },
  ]);
  for (const [id, score] of fused) {
    const e = byId.get(id);
    if (e) e.score = score;
  }
  const chunks = [...byId.values()].sort((a, b) => b.score - a.score).slice(0, options.candidates);
  return {
    chunks,
    lexicalDocs: firstPerDoc(lexHits.map((h) => ({ docId: h.chunk.meta.docId, score: h.score }))),
    denseDocs: firstPerDoc(denseHits.map((h) => ({ docId: h.chunk.meta.docId, similarity: h.similarity }))),
    lexicalMs: t1 - t0,
    denseMs: t2 - t1,
  };
}

/** The question's own words, plus its terms' other names at a lower weight, as one ranked list. */
function lexicalSearch(query: string, lexical: LexicalIndex, options: RetrieveOptions, filter: { collections: string[] }): LexicalHit[] {
  const weight = options.expansionWeight ?? 1;
  const light = new Set(options.light ?? []);
  const other = [options.expansion, [...light].join(' ')].filter(Boolean).join('\n');
  if (!other || weight === 1) return lexical.search(other ? `${query}\n${other}` : query, options.candidates, filter);
  const own = light.size ? withoutWords(query, light) : query;
  const depth = options.candidates * 2;
  const merged = new Map<string, LexicalHit>();
  if (own.trim()) for (const h of lexical.search(own, depth, filter)) merged.set(h.chunk.id, { ...h });
  for (const h of lexical.search(other, depth, filter)) {
    const e = merged.get(h.chunk.id);
    if (e) e.score += weight * h.score;
    else merged.set(h.chunk.id, { ...h, score: weight * h.score });
  }
  return [...merged.values()].sort((a, b) => b.score - a.score).slice(0, options.candidates);
}

/** The text without the given (folded) words, compared case- and accent-insensitively. */
function withoutWords(text: string, drop: ReadonlySet<string>): string {
  return text.replace(/[\p{L}\p{N}]+/gu, (w) => (drop.has(fold(w)) ? ' ' : w));
}

function firstPerDoc<T extends { docId: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((x) => {
    if (seen.has(x.docId)) return false;
    seen.add(x.docId);
    return true;
  });
}
