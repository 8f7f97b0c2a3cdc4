/**
 * Evidence features: a source's scope statement ("does not cover children") is not evidence for what it
 * excludes, and a question about an excluded subject is flagged out of scope.
 */
import { describe, expect, it } from 'vitest';
import { evidenceFeatures, isScopeExclusion, unknownTerms } from '../../src/core/confidence/features.js';
import type { Retrieval } from '../../src/core/retrieve/retrieve.js';
import { terms } from '../../src/core/text.js';
import { Bm25Index } from '../../src/infra/bm25-index.js';
import { chunk } from './factories.js';

const vanc = [
  chunk(
    'vanc#0000',
    'Vancomycin is a glycopeptide antibiotic. This guideline covers adults aged 18 and over. It does not cover children or neonates, or oral vancomycin.',
    { title: 'Vancomycin in adults', chunkIndex: 0, chunkCount: 3 },
  ),
  chunk('vanc#0001', 'Give a loading dose of 25 mg/kg of actual body weight, maximum 3 g.', {
    title: 'Vancomycin in adults',
    chunkIndex: 1,
    chunkCount: 3,
  }),
  chunk('vanc#0002', 'Take a trough level before the fourth dose. Aim for 15 to 20 mg/L.', {
    title: 'Vancomycin in adults',
    chunkIndex: 2,
    chunkCount: 3,
  }),
];
const piv = [
  chunk(
    'piv#0000',
    'This guideline covers short peripheral cannulas in adults. Central venous catheters and midlines are outside its scope. Change the dressing if it is damp, loose or soiled.',
    { title: 'Peripheral IV cannula care', chunkIndex: 0, chunkCount: 1 },
  ),
];
const index = new Bm25Index();
index.add([...vanc, ...piv]);

function retrievalOf(ids: string[]): Retrieval {
  const all = [...vanc, ...piv];
  const chunks = ids.map((id, i) => ({ ...(all.find((c) => c.id === id) as (typeof all)[number]), score: 1 - i * 0.1 }));
  const docs = [...new Set(chunks.map((c) => c.meta.docId))];
  return {
    chunks,
    lexicalDocs: docs.map((docId, i) => ({ docId, score: 10 - i })),
    denseDocs: docs.map((docId, i) => ({ docId, similarity: 0.5 - i * 0.1 })),
    denseMs: 0,
    lexicalMs: 0,
  };
}
const groupsOf = (text: string) => terms(text).map((t) => [[t]]);

describe('scope exclusions', () => {
  it('recognises the ways guidelines state what they do not cover', () => {
    for (const s of [
      'It does not cover children or neonates.',
      'Central venous catheters and midlines are outside its scope.',
      'Pregnant women follow separate guidance.',
      'Paediatric dosing is not covered here.',
      'Intrathecal use is beyond the scope of this guideline.',
      'This policy does not apply to neonatal units.',
      'These protocols do not cover interfacility transfers.',
      'High potassium (hyperkalaemia) is managed under a separate protocol.',
      'It is not used for DKA, which needs a fixed rate infusion under its own protocol.',
    ]) {
      expect(isScopeExclusion(s), s).toBe(true);
    }
    for (const s of [
      'Give antibiotics within one hour.',
      'Exclude other causes of hypoglycaemia first.',
      'Do not flush against resistance.',
      // An instruction, not what the document covers.
      '- Do not include home doses of albuterol in your total drug administration consideration.',
      "Don't include the patient's own doses in the total.",
    ]) {
      expect(isScopeExclusion(s), s).toBe(false);
    }
  });

  it('flags a question about what the best documents exclude, quoting the scope sentence', () => {
    const question = 'What is the vancomycin dose for a 3-year-old child?';
    const f = evidenceFeatures({ text: question, groups: groupsOf(question) }, retrievalOf(['vanc#0001', 'vanc#0000']), index);
    expect(f.outOfScope).toBe(1);
    expect(f.scope).toEqual({
      docId: 'vanc',
      title: 'Vancomycin in adults',
      sentence: 'It does not cover children or neonates, or oral vancomycin.',
    });
  });

  it('does not count words of a scope sentence as evidence', () => {
    const question = 'How often should a central venous catheter dressing be changed?';
    const f = evidenceFeatures({ text: question, groups: groupsOf(question) }, retrievalOf(['piv#0000']), index);
    expect(f.outOfScope).toBe(1);
    expect(f.scope?.sentence).toContain('outside its scope');
    // "central", "venous" and "catheter" appear only in the exclusion: coverage is that of "dressing" and "change".
    const covered = evidenceFeatures(
      { text: 'When should the cannula dressing be changed?', groups: groupsOf('When should the cannula dressing be changed?') },
      retrievalOf(['piv#0000']),
      index,
    );
    expect(f.coverage).toBeLessThan(0.6);
    expect(covered.coverage).toBeGreaterThan(0.9);
    expect(covered.outOfScope).toBe(0);
  });

  it('leaves a question the source does cover alone, even when the scope sentence shares its words', () => {
    const question = 'What is the vancomycin loading dose?';
    const f = evidenceFeatures({ text: question, groups: groupsOf(question) }, retrievalOf(['vanc#0001', 'vanc#0000']), index);
    expect(f.outOfScope).toBe(0);
    expect(f.scope).toBeUndefined();
    expect(f.coverage).toBe(1);
  });
});

describe('rareDocs', () => {
  const rareDocs = (text: string, ids: string[], typed?: string) =>
    evidenceFeatures({ text, groups: groupsOf(text), ...(typed ? { typed: groupsOf(typed) } : {}) }, retrievalOf(ids), index).rareDocs;
  it('counts the best documents holding the most specific question term, three being enough', () => {
    // "loading" is the rarest term; one document of the ranking holds it.
    expect(rareDocs('vancomycin loading dose', ['vanc#0001', 'piv#0000'])).toBeCloseTo(1 / 3);
    expect(rareDocs('cannula dressing', ['vanc#0001', 'piv#0000'])).toBeCloseTo(1 / 3);
  });
  it('reads the question as typed: a word corrected into one the sources use is still absent', () => {
    expect(rareDocs('vancomycin loading dose', ['vanc#0001', 'piv#0000'], 'vancomicin loading dose')).toBe(0);
  });
  it('does not take a word saying what form the answer takes ("list", "please") for the subject', () => {
    expect(rareDocs('Please list the loading dose', ['vanc#0001', 'piv#0000'])).toBeCloseTo(1 / 3);
  });
});

describe('what a thing does, and how often the evidence names it', () => {
  const drugs = [
    chunk('an#0000', 'Anlotinib is a multi-target tyrosine kinase inhibitor. Anlotinib inhibits VEGFR2 and FGFR1.', { title: 'Anlotinib' }),
    chunk('lo#0000', 'Losigamone is an anticonvulsant whose mechanism of action is not known.', { title: 'Losigamone' }),
    chunk('ep#0000', 'Another drug has a role in epilepsy, by a mode of action with a basis in channel function.', { title: 'Other' }),
  ];
  const drugIndex = new Bm25Index();
  drugIndex.add(drugs);
  const features = (text: string) =>
    evidenceFeatures(
      { text, groups: groupsOf(text) },
      { chunks: [{ ...(drugs[0] as (typeof drugs)[number]), score: 1 }], lexicalDocs: [], denseDocs: [], denseMs: 0, lexicalMs: 0 },
      drugIndex,
    );
  it('does not weigh the asking words ("mechanism of action", "role") like the subject a source must name', () => {
    // The anlotinib abstract says what anlotinib does without the words "mechanism of action".
    expect(features('What is the mechanism of action of anlotinib?').missing).toBeLessThanOrEqual(0.25);
    expect(features('What is the role of anlotinib?').missing).toBeLessThanOrEqual(0.25);
    expect(features('What is the epilepsy of anlotinib?').missing).toBe(1);
  });
  it('counts how often the best evidence names the most specific term, three being enough', () => {
    expect(features('anlotinib').mentions).toBeCloseTo(2 / 3);
    expect(features('tyrosine kinase').mentions).toBeCloseTo(1 / 3);
  });
});

describe('unknownTerms', () => {
  const df = (t: string) => index.docFrequency(t);
  it('lists the specific question terms no chunk uses, when the rest of the question is known', () => {
    expect(unknownTerms(groupsOf('What is the teicoplanin loading dose in adults?'), df)).toEqual(['teicoplanin']);
    expect(unknownTerms(groupsOf('What is the vancomycin loading dose in adults?'), df)).toEqual([]);
  });
  it('knows "child" from "children" (stemming keeps irregular plurals apart)', () => {
    // The vancomycin chunk says "children"; nothing says "child" or "teicoplanin".
    expect(unknownTerms(groupsOf('teicoplanin dose for a child with a trough level'), df)).toEqual(['teicoplanin']);
  });

  it('counts a term as known when any of its terminology spellings is used', () => {
    const groups = [[['vanco'], ['vancomycin']], [['load']], [['dose']]];
    expect(unknownTerms(groups, df)).toEqual([]);
  });
  it('says nothing for a question mostly outside the vocabulary (another language, shorthand)', () => {
    expect(unknownTerms(groupsOf('Quelle posologie de charge chez le nourrisson fébrile ?'), df)).toEqual([]);
  });
});
