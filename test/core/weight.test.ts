/**
 * The patient's weight read from the question or thread, the patient groups of a question and a source, and the
 * plausible weight of a group (issue 28). Age alone never gives a weight; a band ("under 25 kg") is no weight.
 */
import { describe, expect, it } from 'vitest';
import { checkWeight, groupsDisagree, questionGroups, sourceGroups } from '../../src/core/compose/patient-group.js';
import { readWeight } from '../../src/core/compose/weight.js';
import { Qualifiers } from '../../src/core/question/qualifiers.js';
import type { Turn } from '../../src/core/types.js';
import { retrieved } from './factories.js';

const kg = (q: string, history: Turn[] = []) => {
  const r = readWeight(q, history);
  return r.kind === 'weight' ? r.weight.kg : r.kind;
};

describe('readWeight', () => {
  it('reads a weight in kg however it is typed', () => {
    expect(kg('adenosine for a 15 kg child')).toBe('15');
    expect(kg('adenosine for a 15kg child')).toBe('15');
    expect(kg('adenosine for a 15-kg child')).toBe('15');
    expect(kg('child weighs 15.5 kilograms')).toBe('15.5');
    expect(kg('weight 15,5 kg')).toBe('15.5');
    expect(kg('wt 72.4kgs')).toBe('72.4');
    expect(kg('birth weight 3200 g')).toBe('3.2');
    expect(kg('weighs 850 grams')).toBe('0.85');
  });

  it('never reads an age, a dose per kg, a BMI or a weight band as the patient’s weight', () => {
    expect(kg('paracetamol for a 4 year old')).toBe('none');
    expect(kg('is 0.1 mg/kg right?')).toBe('none');
    expect(kg('BMI 40 kg/m2')).toBe('none');
    expect(kg('glucagon for a child under 25 kg')).toBe('none');
    expect(kg('glucagon for children of 25 kg or more')).toBe('none');
    expect(kg('children between 10 and 20 kg')).toBe('none');
    expect(kg('a 10–20 kg child')).toBe('none');
    expect(kg('over 50 kg')).toBe('none');
    // A dose in grams is not a weight without a word saying it is one.
    expect(kg('give 3200 g')).toBe('none');
  });

  it('asks for kilograms instead of converting pounds or guessing a unit', () => {
    expect(readWeight('paracetamol for a 44 lb child')).toEqual({ kind: 'unit', text: '44 lb' });
    expect(readWeight('a child weighing 33 pounds')).toEqual({ kind: 'unit', text: '33 pounds' });
    expect(readWeight('a child weighing 15')).toEqual({ kind: 'unit', text: 'weighing 15' });
  });

  it('leaves the choice to the asker when the question gives two weights', () => {
    expect(readWeight('was 18 kg and is now 20 kg')).toEqual({ kind: 'several', texts: ['18 kg', '20 kg'] });
    expect(kg('15 kg, yes 15 kg')).toBe('15');
  });

  it('takes the weight from the latest user turn of the thread, never from an assistant turn; the question wins', () => {
    const thread: Turn[] = [
      { role: 'user', text: 'child 12 kg with fever' },
      { role: 'assistant', text: 'For 20 kg: 15 mg/kg × 20 kg = 300 mg' },
      { role: 'user', text: 'weighed again: 13 kg' },
      { role: 'assistant', text: 'Noted.' },
    ];
    expect(readWeight('and the ibuprofen dose?', thread)).toEqual({
      kind: 'weight',
      weight: { kg: '13', text: '13 kg', from: 'thread' },
    });
    expect(kg('and for 14 kg?', thread)).toBe('14');
    expect(kg('and the ibuprofen dose?', [{ role: 'assistant', text: 'For 20 kg: 300 mg' }])).toBe('none');
  });
});

const qualifiers = new Qualifiers({
  analytes: [],
  groups: { neonate: ['newborn', 'neonate'], child: ['child', 'children', 'paediatric'], adult: ['adult', 'adults'] },
  ages: { neonate: [0, 0.08], child: [0.08, 16], adult: [16, 130] },
  conflicts: {},
  weights: { neonate: [0.3, 7], child: [2, 120], adult: [25, 350] },
  opposites: [],
});

describe('patient groups and plausible weights', () => {
  it("reads the question's group, from an age too, else from the thread", () => {
    expect(questionGroups(qualifiers, 'paracetamol for a 4 year old')).toEqual(['child']);
    expect(questionGroups(qualifiers, 'and the dose?', [{ role: 'user', text: 'a newborn of 3 kg' }])).toEqual(['neonate']);
    expect(questionGroups(qualifiers, 'and the dose?', [{ role: 'assistant', text: 'for adults' }])).toEqual([]);
  });

  it("reads the source's group from its title, headings and the quote", () => {
    const chunk = retrieved('p#1', 'text', { title: 'Emergency medicines for children by body weight', headingPath: ['Anaphylaxis'] });
    expect(sourceGroups(qualifiers, chunk, 'IM adrenaline 10 micrograms/kg')).toEqual(['child']);
    expect(groupsDisagree(['adult'], ['child'])).toBe(true);
    expect(groupsDisagree(['child'], ['child', 'neonate'])).toBe(false);
    expect(groupsDisagree([], ['child'])).toBe(false);
  });

  it('reads a weight against the range of the group, or the widest range when no group is known', () => {
    expect(checkWeight(qualifiers, ['child'], 150)).toEqual({ plausible: false, range: [2, 120], group: 'child' });
    expect(checkWeight(qualifiers, ['adult'], 2)).toEqual({ plausible: false, range: [25, 350], group: 'adult' });
    expect(checkWeight(qualifiers, ['neonate'], 3.2).plausible).toBe(true);
    expect(checkWeight(qualifiers, ['neonate'], 9).plausible).toBe(false);
    expect(checkWeight(qualifiers, [], 400)).toEqual({ plausible: false, range: [0.3, 350] });
    expect(checkWeight(qualifiers, [], 70).plausible).toBe(true);
    expect(checkWeight(qualifiers, ['child'], 0).plausible).toBe(false);
    expect(checkWeight(Qualifiers.empty(), [], 70).plausible).toBe(true);
  });

  it('validates the weights in the qualifiers file', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'rounds-qual-'));
    const file = join(dir, 'q.yaml');
    writeFileSync(file, 'groups:\n  child: [child]\nweights:\n  infant: [1, 10]\n');
    expect(() => Qualifiers.load(file)).toThrow(/weights\.infant: names group "infant"/);
    writeFileSync(file, 'groups:\n  child: [child]\nweights:\n  child: [120, 2]\n');
    expect(() => Qualifiers.load(file)).toThrow(/weight range must be \[lowest, highest\]/);
  });
});
