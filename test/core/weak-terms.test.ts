import { describe, expect, it } from 'vitest';
import { isWeakTerm, stem } from '../../src/core/text.js';

describe('everyday words of a question', () => {
  it("weigh the bedside word for what is asked for ('crush meds') like an everyday word: the answer names the medicine", () => {
    for (const w of ['meds', 'med']) expect(isWeakTerm(stem(w)), w).toBe(true);
  });

  it('leave words a source is about at full weight', () => {
    // "Medication adherence", "drug resistance": topics of the research sets, not the form of a question.
    for (const w of ['medication', 'drug', 'crush', 'extrication']) expect(isWeakTerm(stem(w)), w).toBe(false);
    expect(isWeakTerm('40')).toBe(true);
  });
});
