import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../src/infra/bm25-index.js';
import { HashEmbedder } from '../../src/infra/hash-embedder.js';
import { chunk } from './factories.js';

describe('Bm25Index', () => {
  const docs = [
    chunk('vanc#0000', 'Vancomycin loading dose 25 mg/kg; trough monitoring before the fourth dose.', { collection: 'pharmacy' }),
    chunk('pph#0000', 'Oxytocin 10 units IM for postpartum haemorrhage.', { collection: 'obstetrics' }),
    chunk('pph#0001', 'Tranexamic acid 1 g IV within 3 hours of birth.', { collection: 'obstetrics', chunkIndex: 1 }),
  ];

  it('ranks the chunk with the query terms first and reports IDF coverage', () => {
    const idx = new Bm25Index();
    idx.add(docs);
    const hits = idx.search('vancomycin trough', 5);
    expect(hits[0]?.chunk.id).toBe('vanc#0000');
    expect(hits[0]?.coverage).toBe(1);
    expect(idx.search('vancomycin warfarin', 5)[0]?.coverage).toBeLessThan(1);
  });

  it('filters by collection, removes chunks and finds evidence windows', () => {
    const idx = new Bm25Index();
    idx.add(docs);
    expect(idx.search('oxytocin vancomycin', 5, { collections: ['pharmacy'] }).map((h) => h.chunk.id)).toEqual(['vanc#0000']);
    expect(idx.window('pph#0000', 1).map((c) => c.id)).toEqual(['pph#0000', 'pph#0001']);
    idx.remove(['vanc#0000']);
    expect(idx.size).toBe(2);
    expect(idx.search('vancomycin', 5)).toEqual([]);
  });

  it('round-trips through its snapshot and refuses an unknown snapshot', () => {
    const idx = new Bm25Index();
    idx.add(docs);
    const copy = Bm25Index.fromJSON(JSON.parse(JSON.stringify(idx.toJSON())));
    expect(copy.search('tranexamic', 3)[0]?.chunk.id).toBe('pph#0001');
    expect(() => Bm25Index.fromJSON({ version: 99, chunks: [] })).toThrow(/version/);
  });
});

describe('HashEmbedder', () => {
  it('is deterministic, normalised, and closer for related text than unrelated text', async () => {
    const e = new HashEmbedder();
    const [a, b, c, a2] = await e.embed([
      'postpartum haemorrhage oxytocin dose',
      'post-partum hemorrhage: give oxytocin 10 units IM',
      'vancomycin trough monitoring in renal impairment',
      'postpartum haemorrhage oxytocin dose',
    ]);
    const dot = (x: number[] = [], y: number[] = []) => x.reduce((s, v, i) => s + v * (y[i] ?? 0), 0);
    expect(a).toEqual(a2);
    expect(a).toHaveLength(e.dimension);
    expect(dot(a, a)).toBeCloseTo(1, 6);
    expect(dot(a, b)).toBeGreaterThan(dot(a, c) + 0.2);
  });
});
