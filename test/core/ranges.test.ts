import { describe, expect, it } from 'vitest';
import { contains, questionValues, rangeFit, spaceUnits, statedRanges } from '../../src/core/question/ranges.js';

describe('question values and stated ranges', () => {
  it('reads the value with the quantity before it and the unit after it', () => {
    expect(questionValues("Patient's potassium is 6.1 mmol/L, what do I do?")).toEqual([
      { value: 6.1, label: 'potassium', unit: 'mmol/l' },
    ]);
    expect(questionValues('INR 9 on warfarin')).toEqual([{ value: 9, label: 'inr' }]);
    expect(questionValues('NEWS2 of 6')).toEqual([{ value: 6, label: 'news2' }]);
    expect(questionValues('AMH 1,2 ng/mL')[0]).toMatchObject({ value: 1.2, label: 'amh', unit: 'ng/ml' });
  });

  it('parses the ways a guideline writes a range', () => {
    expect(statedRanges('INR more than 8.0, no bleeding')).toEqual([{ lo: 8, hi: Number.POSITIVE_INFINITY, loOpen: true }]);
    expect(statedRanges('CrCl 15–29 mL/min')).toEqual([{ lo: 15, hi: 29, unit: 'ml/min' }]);
    expect(statedRanges('AMH 5.4 or less')).toEqual([{ lo: Number.NEGATIVE_INFINITY, hi: 5.4 }]);
    expect(statedRanges('below 15 mL/min')).toEqual([{ lo: Number.NEGATIVE_INFINITY, hi: 15, hiOpen: true, unit: 'ml/min' }]);
    expect(statedRanges('a NEWS2 score of 5 or more')).toEqual([{ lo: 5, hi: Number.POSITIVE_INFINITY }]);
  });

  it('says whether a source text holds, excludes or ignores the value', () => {
    const inr9 = questionValues('INR 9, no bleeding');
    expect(rangeFit('Situation: INR more than 8.0, no bleeding', inr9)).toBe(1);
    expect(rangeFit('Situation: INR 5.0–8.0, no bleeding', inr9)).toBe(-1);
    expect(rangeFit('Situation: Major bleeding (any INR)', inr9)).toBe(0);
    // "CrCl 20" falls in a band written in whole numbers, and "NEWS2 of 6" in "5–6".
    expect(rangeFit('15–29', questionValues('CrCl 20'), 'CrCl (mL/min)')).toBe(1);
    expect(rangeFit('Score 5–6: urgent response', questionValues('NEWS2 of 6'), 'NEWS2 escalation')).toBe(1);
    // A labelled number: "Category 3", not "Category 2".
    expect(rangeFit('Category: Category 3', questionValues('a category 3 pressure injury'))).toBe(1);
    expect(rangeFit('Category: Category 2', questionValues('a category 3 pressure injury'))).toBe(-1);
    // A range about another quantity says nothing about this one.
    expect(rangeFit('Lactate 2 mmol/L or more', questionValues('INR 9'))).toBe(0);
    // A label with a filler word or a colon before its number: "VIP score: 2".
    expect(rangeFit('VIP score: 2', questionValues('a VIP score of 2'))).toBe(1);
    expect(rangeFit('VIP score: 3', questionValues('a VIP score of 2'))).toBe(-1);
  });

  it('reads a weight only against bands in kg, not against a BMI or a dose per kg', () => {
    const weight = questionValues('vancomycin loading dose for a 70 kg patient');
    expect(rangeFit('Give 25–30 mg/kg actual body weight (maximum 3 g)', weight)).toBe(0);
    expect(rangeFit('In obesity (BMI 40 kg/m2 or more), use actual body weight', weight)).toBe(0);
    expect(rangeFit('1 mg for a child of 25 kg or more', weight)).toBe(1);
    expect(rangeFit('500 micrograms for a child under 25 kg', weight)).toBe(-1);
    // Other values keep reading every band, with or without a unit.
    expect(rangeFit('CrCl 15–29 mL/min', questionValues('CrCl 20'))).toBe(1);
  });

  it('spaces a number run into its unit, and leaves names with digits alone', () => {
    expect(spaceUnits('a 15-kg child, 5-mg tablet')).toBe('a 15 kg child, 5 mg tablet');
    expect(spaceUnits('10mg oral morphine, 5ml, 2units, 30mins')).toBe('10 mg oral morphine, 5 ml, 2 units, 30 mins');
    expect(spaceUnits('BRCA1, p53, COX2, 3D, NEWS2, 10 mg')).toBe('BRCA1, p53, COX2, 3D, NEWS2, 10 mg');
  });

  it('reads a number joined to a name by a hyphen as part of the name, and "38 °C or more" as a range', () => {
    expect(questionValues('Which miRNAs bind the COX-2 promoter? IL-6 and SARS-CoV-2')).toEqual([]);
    const temp = [{ value: 38.5, label: 'temp', aliases: ['temperature'] }];
    expect(rangeFit('Typical features: Temperature 38 °C or more and a rise of 1–2 °C from baseline', temp)).toBe(1);
    expect(rangeFit('Temperature 39 °C or more', temp)).toBe(-1);
  });

  it('reads a time span as a time, not a band for a level', () => {
    const glucose = questionValues('baby glucose 2.0');
    expect(statedRanges("check the baby's blood glucose 2–4 hours after birth")[0]?.time).toBe(true);
    expect(rangeFit("check the baby's blood glucose 2–4 hours after birth", glucose)).toBe(0);
    expect(rangeFit('Serum potassium 2.5–2.9', questionValues('potassium 2.8'))).toBe(1);
  });

  it('holds a value between whole-number bands only when asked to allow it', () => {
    const [band] = statedRanges('2–4');
    expect(band).toBeDefined();
    if (!band) return;
    expect(contains(band, 4.2)).toBe(true);
    expect(contains(band, 4.2, true)).toBe(false);
    expect(contains(band, 4, true)).toBe(true);
    // "3.0 or less" ends at 3 exactly: an INR of 3.5 is above it.
    const [exact] = statedRanges('start when INR is 3.0 or less');
    expect(exact && contains(exact, 3.5)).toBe(false);
    expect(exact && contains(exact, 3)).toBe(true);
  });
});
