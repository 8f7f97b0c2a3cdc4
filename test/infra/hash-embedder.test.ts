/**
 * The offline embedder. Its counting table is an optimisation: the vectors must stay bit-for-bit those of the
 * plain definition (a Map of feature counts in first-seen order), because indexes built by one version are
 * queried by the next and the confidence model was fitted on these vectors.
 */
import { describe, expect, it } from 'vitest';
import { terms } from '../../src/core/text.js';
import { HashEmbedder } from '../../src/infra/hash-embedder.js';

/** The definition, written plainly: word, bigram and "<word>" character-trigram features, 1 + ln tf, L2. */
function reference(text: string, dimension: number): number[] {
  const fnv = (s: string, seed: number) => {
    let h = seed >>> 0;
    for (let i = 0; i < s.length; i += 1) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  };
  const counts = new Map<number, number>();
  const weights = new Map<number, number>();
  const bump = (h: number, w: number) => {
    counts.set(h, (counts.get(h) ?? 0) + 1);
    weights.set(h, w);
  };
  const toks = terms(text);
  let prev = 0;
  toks.forEach((w, i) => {
    const hw = fnv(w, 0x811c9dc5);
    bump(hw, 1);
    if (i > 0) bump(Math.imul(prev ^ 0x9e3779b9, 0x85ebca6b) ^ hw, 0.5);
    prev = hw;
    if (w.length >= 4) {
      const padded = `<${w}>`;
      for (let j = 0; j + 3 <= padded.length; j += 1) bump(fnv(padded.slice(j, j + 3), 0x01234567), 0.3);
    }
  });
  const v = new Float64Array(dimension);
  for (const [feature, count] of counts) {
    const h = feature >>> 0;
    v[h % dimension] = (v[h % dimension] as number) + ((h >>> 31) & 1 ? -1 : 1) * (weights.get(feature) as number) * (1 + Math.log(count));
  }
  const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
  return Array.from(v, (x) => (norm > 0 ? x / norm : 0));
}

const texts = [
  '',
  'a',
  'Give vancomycin 25 mg/kg IV as a loading dose; maximum 3 g.',
  'Hormone anti-müllérienne (AMH) basse : quel seuil pour une faible réponse en FIV ?',
  'The the the the dose dose dose dose dose',
  // Thousands of distinct features: the table must grow without changing the result.
  Array.from({ length: 4000 }, (_, i) => `term${i}x${(i * 7919) % 104729}`).join(' '),
];

describe('HashEmbedder', () => {
  it('gives exactly the vectors of the plain definition, at 768 and 384 dimensions', async () => {
    for (const dimension of [768, 384]) {
      const embedder = new HashEmbedder({ dimension });
      const vectors = await embedder.embed(texts);
      texts.forEach((text, i) => {
        expect(vectors[i]).toEqual(reference(text, dimension));
      });
    }
  });

  it('embeds pre-tokenized terms (the ingest path, shared with the lexical index) exactly as it embeds the text', async () => {
    const embedder = new HashEmbedder();
    expect(embedder.embedTerms(texts.map((t) => terms(t)))).toEqual(await embedder.embed(texts));
  });

  it('is deterministic across calls and instances, unit length, and names its dimension', async () => {
    const a = new HashEmbedder();
    const [first] = await a.embed([texts[2] as string]);
    const [again] = await new HashEmbedder().embed([texts[2] as string]);
    expect(again).toEqual(first);
    expect(Math.hypot(...(first as number[]))).toBeCloseTo(1, 12);
    expect(a.name).toBe('hash-v1-768');
    expect(first).toHaveLength(768);
  });
});
