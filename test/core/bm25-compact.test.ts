/**
 * The compact Bm25Index against the index it replaced (bm25-reference.ts) on a generated corpus: the same hits in
 * the same order with bit-for-bit the same scores and coverage, the same IDF and document frequencies, windows and
 * contents, through adds, replacements, removals (and the compaction they trigger) and collection filters.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredChunk } from '../../src/core/types.js';
import { Bm25Index } from '../../src/infra/bm25-index.js';
import { readSnapshot, writeSnapshot } from '../../src/ingest/lexical-snapshot.js';
import { ReferenceBm25Index } from './bm25-reference.js';
import { chunk } from './factories.js';

let seed = 7;
const rand = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const VOCAB = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}${['a', 'ine', 'ol', 'ate', ''][i % 5]}`);
const word = () => VOCAB[Math.floor(VOCAB.length * rand() ** 2.2)] as string;
const COLLECTIONS = ['general', 'pharmacy', 'obstetrics', 'icu'];

function generated(docs: number, tag = ''): StoredChunk[] {
  const out: StoredChunk[] = [];
  for (let d = 0; d < docs; d += 1) {
    const parts = 1 + Math.floor(rand() * 4);
    for (let c = 0; c < parts; c += 1) {
      const n = 20 + Math.floor(rand() * 120);
      // Now and then a term repeated hundreds of times (a term frequency past one byte).
      const text = rand() < 0.01 ? `${'repeatine '.repeat(300)}${word()}` : Array.from({ length: n }, word).join(' ');
      out.push(
        chunk(`doc${d}#${String(c).padStart(4, '0')}`, `${text} ${tag} Ünïcödé “quoted” 💊`, {
          collection: COLLECTIONS[d % COLLECTIONS.length] as string,
          chunkIndex: c,
          chunkCount: parts,
          title: `Document ${d} ${word()}`,
          version: d % 3 ? '2' : undefined,
        }),
      );
    }
  }
  return out;
}

function queries(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const words = Array.from({ length: 1 + (i % 6) }, word);
    if (i % 10 === 0) words.push('repeatine');
    if (i % 13 === 0) words.push('nosuchterm');
    return words.join(' ');
  });
}

function expectSame(compact: Bm25Index, reference: ReferenceBm25Index, qs: string[]): void {
  expect(compact.size).toBe(reference.size);
  for (const [i, q] of qs.entries()) {
    const filter = i % 3 === 0 ? { collections: ['pharmacy', 'icu'] } : i % 3 === 1 ? { collections: ['*'] } : undefined;
    const a = compact.search(q, 20, filter);
    const b = reference.search(q, 20, filter);
    expect(a.map((h) => h.chunk.id)).toEqual(b.map((h) => h.chunk.id));
    // Bit for bit: Object.is tells 0 from -0 and compares every bit of a double.
    for (const [j, h] of a.entries()) {
      expect(Object.is(h.score, b[j]?.score), `score of ${h.chunk.id} for "${q}"`).toBe(true);
      expect(Object.is(h.coverage, b[j]?.coverage)).toBe(true);
      expect(h.chunk).toEqual(b[j]?.chunk);
    }
    for (const t of q.split(' ')) {
      expect(compact.docFrequency(t)).toBe(reference.docFrequency(t));
      expect(Object.is(compact.idf(t), reference.idf(t))).toBe(true);
    }
  }
}

describe('compact Bm25Index', () => {
  it('scores bit for bit like the earlier index through adds, replacements, removals and compaction', () => {
    const corpus = generated(1500);
    const compact = new Bm25Index();
    const reference = new ReferenceBm25Index();
    compact.add(corpus);
    reference.add(corpus);
    const qs = queries(150);
    expectSame(compact, reference, qs);

    // Replace some chunks (same ids, new text), remove others: below the compaction threshold first.
    const replaced = generated(200, 'replaced');
    compact.add(replaced);
    reference.add(replaced);
    const removeSome = corpus.filter((_, i) => i % 7 === 3).map((c) => c.id);
    compact.remove(removeSome);
    reference.remove(removeSome);
    expectSame(compact, reference, qs);
    expect(compact.has(removeSome[0] as string)).toBe(false);

    // Then enough removals to compact.
    const removeMany = corpus.filter((_, i) => i % 2 === 0).map((c) => c.id);
    compact.remove(removeMany);
    reference.remove(removeMany);
    expectSame(compact, reference, qs);
    expect(compact.all()).toEqual(reference.all());
    for (const c of reference.all().slice(0, 200)) {
      expect(compact.window(c.id, 2)).toEqual(reference.window(c.id, 2));
    }
  });

  it('gives the same results with its stored chunks spilled to a temporary file', () => {
    const corpus = generated(400);
    const spilled = new Bm25Index({ spillBytes: 20_000 });
    const reference = new ReferenceBm25Index();
    spilled.add(corpus);
    reference.add(corpus);
    const qs = queries(60);
    expectSame(spilled, reference, qs);
    const removeMany = corpus.filter((_, i) => i % 3 !== 0).map((c) => c.id);
    spilled.remove(removeMany);
    reference.remove(removeMany);
    expectSame(spilled, reference, qs);
    expect(spilled.all()).toEqual(reference.all());
  });

  it('round-trips through its snapshot with the same scores', () => {
    const corpus = generated(300);
    const compact = new Bm25Index({ k1: 1.5, b: 0.6 });
    compact.add(corpus);
    const copy = Bm25Index.fromJSON(JSON.parse(JSON.stringify(compact.toJSON())));
    const reference = ReferenceBm25Index.fromJSON(JSON.parse(JSON.stringify(compact.toJSON())));
    expectSame(copy, reference, queries(40));
  });

  it('streams through the on-disk snapshot (header line, one chunk per line) with the same scores', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rounds-bm25-'));
    try {
      const corpus = generated(300);
      const spilled = new Bm25Index({ k1: 1.1, b: 0.7, spillBytes: 10_000 });
      spilled.add(corpus);
      const reference = new ReferenceBm25Index({ k1: 1.1, b: 0.7 });
      reference.add(corpus);
      const path = join(dir, 'kb.jsonl');
      writeSnapshot(path, { generation: 4, count: spilled.size, embedder: 'hash', index: spilled });
      const snap = readSnapshot(path);
      expect(snap).toMatchObject({ generation: 4, count: corpus.length, embedder: 'hash' });
      expectSame(snap?.index as Bm25Index, reference, queries(40));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
