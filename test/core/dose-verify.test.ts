/**
 * A worked-out dose is verified like any sentence (issue 28): re-derived from the quoted unit of the cited chunk and
 * the question's weight, or dropped. And the stage that picks the quote, reads the weight and says why not.
 */
import { describe, expect, it } from 'vitest';
import { verifyCalculation } from '../../src/core/compose/verify.js';
import { NO_WEIGHT_NOTE, workOutDose } from '../../src/core/compose/work-out-dose.js';
import { Qualifiers } from '../../src/core/question/qualifiers.js';
import type { AnswerSentence, Citation, RetrievedChunk } from '../../src/core/types.js';
import { retrieved } from './factories.js';

const ROW = 'Drug: Adenosine; Strength: 3 mg/mL; Dose: 0.1 mg/kg; Maximum: 6 mg';
const chunk = retrieved(
  'paeds#0003',
  `## Arrhythmias\n\n| Drug | Strength | Dose | Maximum |\n|---|---|---|---|\n| Adenosine | 3 mg/mL | 0.1 mg/kg | 6 mg |\n\nGive glucagon 1 mg IM.`,
  {
    title: 'Emergency medicines for children by body weight',
    headingPath: ['Emergency medicines for children by body weight', 'Arrhythmias'],
  },
);
const adultChunk = retrieved('adult#0001', 'Give a loading dose of 25–30 mg/kg (maximum 3 g).', {
  title: 'Vancomycin in adults',
  headingPath: ['Vancomycin in adults', 'Loading dose'],
});
const citation = (n: number, c: RetrievedChunk): Citation => ({
  n,
  chunkId: c.id,
  docId: c.meta.docId,
  title: c.meta.title,
  headingPath: c.meta.headingPath,
  collection: 'pharmacy',
  snippet: '',
  score: 1,
  warnings: [],
});
const qualifiers = new Qualifiers({
  analytes: [],
  groups: { child: ['child', 'children'], adult: ['adult', 'adults'] },
  ages: {},
  conflicts: {},
  weights: { child: [2, 120], adult: [25, 350] },
  opposites: [],
});

const stage = (question: string, sentences: AnswerSentence[], history: { role: 'user' | 'assistant'; text: string }[] = []) =>
  workOutDose({
    question,
    history,
    sentences,
    citations: [citation(1, chunk), citation(2, adultChunk)],
    sources: [chunk, adultChunk],
    qualifiers,
  });
const quote = (text: string, n = 1): AnswerSentence => ({ text, citations: [n], supported: true });

describe('workOutDose', () => {
  it('works out the quoted row for the weight and links it to the row’s citation', () => {
    const out = stage('adenosine for a 15 kg child', [quote(ROW)]);
    expect(out.notes).toEqual([]);
    expect(out.sentence).toMatchObject({
      text: 'For 15 kg: 0.1 mg/kg × 15 kg = 1.5 mg (within the 6 mg maximum) = 0.5 mL of 3 mg/mL',
      citations: [1],
      supported: true,
      kind: 'calculation',
      calculation: { weightKg: '15', weightFrom: 'question', quote: ROW, chunkId: 'paeds#0003' },
    });
  });

  it("finds the quoted unit behind an LLM's wording of it (same per-kg dose)", () => {
    const out = stage('adenosine for a 15 kg child', [quote('The first dose of adenosine is 0.1 mg/kg, up to 6 mg [1].')]);
    expect(out.sentence?.calculation?.quote).toBe(ROW);
    // A dose the cited chunk does not state is never worked out.
    expect(stage('adenosine for a 15 kg child', [quote('Adenosine 0.2 mg/kg.')]).sentence).toBeUndefined();
  });

  it('says why no dose was worked out', () => {
    expect(stage('adenosine for a child', [quote(ROW)]).notes).toEqual([NO_WEIGHT_NOTE]);
    expect(stage('adenosine for a 150 kg child', [quote(ROW)]).notes[0]).toMatch(
      /150 kg is outside the plausible weight for the child group/,
    );
    expect(stage('adenosine for a 70 kg adult', [quote(ROW)]).notes[0]).toMatch(
      /written for the child group and the question is about the adult group/,
    );
    expect(
      stage('vancomycin loading dose for a 2 kg adult', [quote('Give a loading dose of 25–30 mg/kg (maximum 3 g).', 2)]).notes[0],
    ).toMatch(/2 kg is outside the plausible weight for the adult group \(25–350 kg\)/);
  });

  it('says nothing for a fixed dose or an unsupported sentence', () => {
    expect(stage('glucagon for a 20 kg child', [quote('Give glucagon 1 mg IM.')])).toEqual({ notes: [] });
    expect(stage('adenosine for a 15 kg child', [{ ...quote(ROW), supported: false }])).toEqual({ notes: [] });
  });

  it('takes the weight from the thread when the question gives none', () => {
    const out = stage('and adenosine?', [quote(ROW)], [{ role: 'user', text: 'child of 20 kg in SVT' }]);
    expect(out.sentence?.text).toBe('For 20 kg: 0.1 mg/kg × 20 kg = 2 mg (within the 6 mg maximum) ≈ 0.6666 mL of 3 mg/mL');
    expect(out.sentence?.calculation?.weightFrom).toBe('thread');
  });
});

describe('verifyCalculation', () => {
  const good = stage('adenosine for a 15 kg child', [quote(ROW)]).sentence as AnswerSentence;
  const calc = good.calculation as NonNullable<AnswerSentence['calculation']>;
  const part = calc.parts[0] as (typeof calc.parts)[number];

  it('keeps a calculation that re-derives from the quote and the weight', () => {
    expect(verifyCalculation(good, chunk, '15')).toBe(true);
  });

  it('drops one whose figures do not follow', () => {
    // A product that is not the product.
    expect(verifyCalculation({ ...good, text: good.text.replace('= 1.5 mg', '= 15 mg') }, chunk, '15')).toBe(false);
    expect(verifyCalculation({ ...good, calculation: { ...calc, parts: [{ ...part, product: { lo: '15' } }] } }, chunk, '15')).toBe(false);
    // A dose or maximum the quote does not state.
    expect(
      verifyCalculation({ ...good, calculation: { ...calc, parts: [{ ...part, dose: { ...part.dose, lo: '1' } }] } }, chunk, '15'),
    ).toBe(false);
    expect(
      verifyCalculation(
        { ...good, calculation: { ...calc, parts: [{ ...part, maximum: { value: '60', unit: 'mg', period: 'any', capped: false } }] } },
        chunk,
        '15',
      ),
    ).toBe(false);
    // A result above the product.
    expect(
      verifyCalculation({ ...good, calculation: { ...calc, parts: [{ ...part, result: { lo: '2', unit: 'mg' } }] } }, chunk, '15'),
    ).toBe(false);
  });

  it('drops one whose quote is not in the cited chunk, or whose weight is not the question’s', () => {
    expect(verifyCalculation({ ...good, calculation: { ...calc, quote: 'Dose: 0.1 mg/kg; Maximum: 6 mg' } }, chunk, '15')).toBe(false);
    expect(verifyCalculation(good, adultChunk, '15')).toBe(false);
    expect(verifyCalculation(good, chunk, '16')).toBe(false);
    expect(verifyCalculation(good, chunk, undefined)).toBe(false);
    expect(verifyCalculation({ ...good, calculation: undefined }, chunk, '15')).toBe(false);
  });
});
