/**
 * Words naming a young patient ("child", "kid", "toddler") are searched at the weight of a term's other names: a
 * children's arrest protocol names its rhythm and energy, never "a child", while the few policies about children
 * say "child" in every line, which makes it a rare, heavy word. Real BM25; no dense hits, so the order is lexical.
 */
import { describe, expect, it } from 'vitest';
import type { VectorIndex } from '../../src/core/ports.js';
import { personWords } from '../../src/core/question/population.js';
import { retrieve } from '../../src/core/retrieve/retrieve.js';
import { Bm25Index } from '../../src/infra/bm25-index.js';
import { HashEmbedder } from '../../src/infra/hash-embedder.js';
import { chunk } from './factories.js';

const MEDICINES = 'adenosine amiodarone aspirin atropine dextrose fentanyl glucagon ketamine lidocaine midazolam morphine naloxone'.split(
  ' ',
);

const lexical = new Bm25Index();
lexical.add([
  chunk('arrest-p#0001', 'V-FIB / pulseless V-TACH: Defibrillate at 2 J/kg. Repeat at 4 J/kg at each 2-minute cycle.'),
  chunk('arrest#0001', 'Shockable rhythm: defibrillate biphasic at 200 J immediately, then resume compressions.'),
  chunk('abuse#0000', 'A child who discloses abuse is believed; the child is not left alone; report the child at risk.'),
  chunk('abuse#0001', 'A child in immediate danger needs the police; the child protection line takes the report.'),
  chunk('seats#0000', 'A child under 18 kg travels in a child restraint; a child over 18 kg uses the harness.'),
  ...MEDICINES.map((m) => chunk(`drugs#${m}`, `${m}: store at room temperature; see the protocol naming ${m} for its dose.`)),
]);
const noDense: VectorIndex = {
  query: async () => [],
} as unknown as VectorIndex;
const deps = { embedder: new HashEmbedder(), index: noDense, lexical };
const options = {
  collections: ['general'],
  // What the built-in terms give for "defib" and "VF".
  expansion: 'defibrillation; defibrillate; ventricular fibrillation; vfib; v fib',
  expansionWeight: 0.5,
  candidates: 10,
  denseWeight: 1,
  lexicalWeight: 1,
};

describe('words naming the patient in retrieval', () => {
  it('are the person words only, not topics that name a group', () => {
    expect(personWords('defib energy for a Child in VF, 4 yo kid')).toEqual(['child', 'kid']);
    expect(personWords('postpartum haemorrhage in a pregnant woman; newborn resuscitation; paediatric sepsis')).toEqual([]);
    expect(personWords('midazolam for a seizing adult')).toEqual([]);
  });

  it("rank the children's protocol that never says 'child' above the policies that say it in every line", async () => {
    const q = 'defib energy for a child in VF';
    const weighted = await retrieve(q, deps, { ...options, light: personWords(q) });
    expect(weighted.chunks[0]?.id).toBe('arrest-p#0001');
    // As the question's own word, "child" put the policies first.
    const own = await retrieve(q, deps, options);
    expect(own.chunks[0]?.meta.docId).not.toMatch(/^arrest/);
  });

  it('still count, at a lower weight: a question about the policy finds it', async () => {
    const q = 'report a child at risk';
    const r = await retrieve(q, deps, { ...options, expansion: undefined, light: personWords(q) });
    expect(r.chunks[0]?.meta.docId).toBe('abuse');
  });

  it('leave a question of person words alone searchable', async () => {
    const r = await retrieve('child', deps, { ...options, expansion: undefined, light: ['child'] });
    expect(r.chunks.map((c) => c.meta.docId)).toContain('seats');
  });
});
