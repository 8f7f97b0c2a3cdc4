/**
 * The patient's age read against bands of age, a step read as the condition of its sub-items, a document written for
 * another group than the one named, and the unit stating the kind of value asked for. The texts are written here in
 * the styles of a PDF-extracted EMS manual (numbered steps with "-" sub-items) and a reference sheet.
 */
import { describe, expect, it } from 'vitest';
import { bestUnits, composeExtractive } from '../../src/core/compose/extractive.js';
import { unitContexts } from '../../src/core/compose/unit-context.js';
import { units } from '../../src/core/compose/units.js';
import type { TermGroups } from '../../src/core/confidence/features.js';
import { questionPopulation } from '../../src/core/question/population.js';
import { questionValues, rangeFit, statedRanges } from '../../src/core/question/ranges.js';
import { valueKindOf } from '../../src/core/question/value-kind.js';
import { rerankByCoverage } from '../../src/core/retrieve/rerank.js';
import { terms } from '../../src/core/text.js';
import { retrieved } from './factories.js';

const groupsOf = (q: string): TermGroups => terms(q).map((t) => [[t]]);
const idf = (t: string) => (t === '\u0000' ? 8 : ['glucagon', 'epinephrin', 'rosc', 'anaphylaxi'].includes(t) ? 5 : 2);
const texts = (d: ReturnType<typeof composeExtractive>) => d.sentences.map((s) => s.text);
const options = { maxSources: 2, maxSentences: 3 };

describe('an age typed in the question', () => {
  it.each([
    ['compression ratio for a 6 yo in arrest', 6],
    ['glucagon for a 9 month old', 0.75],
    ['2-year-old with croup', 2],
    ['a 3 y/o with a fever', 3],
  ])('%s → %d years', (q, years) => {
    expect(questionValues(q)).toEqual([{ value: years, unit: 'year', age: true }]);
  });

  it('is no age without an age word, and a preposition names no quantity', () => {
    expect(questionValues('antibiotics for 3 months')).toEqual([{ value: 3, unit: 'months' }]);
    expect(questionValues('INR 9 on warfarin')).toEqual([{ value: 9, label: 'inr' }]);
  });

  it('is read only against bands of age, in years', () => {
    const nineMonths = questionValues('a 9 month old');
    expect(rangeFit('< 1 year of age: Glucagon 0.5 mL IM', nineMonths)).toBe(1);
    expect(rangeFit('≥ 1 year of age: Glucagon 1 mL IM', nineMonths)).toBe(-1);
    expect(rangeFit('6-12 months: half a tablet', nineMonths)).toBe(1);
    // "At least 2 shocks" and "every 3-5 minutes" say nothing of a 6-year-old.
    const six = questionValues('a 6 yo');
    expect(rangeFit('Give after at least 2 shocks, then every 3-5 minutes', six)).toBe(0);
    expect(statedRanges('children 4 years or older')).toEqual([{ lo: 4, hi: Number.POSITIVE_INFINITY, unit: 'years' }]);
    expect(rangeFit('Oral glucose gel (4 years or older)', questionValues('a 2 year old'))).toBe(-1);
  });
});

describe('a time typed in the question', () => {
  it('takes a unit joined by a hyphen, and is read only against spans of time', () => {
    const day = questionValues('is 24-h pH monitoring feasible?');
    expect(day).toEqual([{ value: 24, unit: 'h' }]);
    expect(rangeFit('healing when pH > 4 was reached', day)).toBe(0);
    expect(rangeFit('reflux episodes over 12-17 h were counted', day)).toBe(-1);
    expect(questionValues('a 15-kg child')).toEqual([{ value: 15, unit: 'kg' }]);
  });
});

describe('a numbered step above its sub-items', () => {
  const text = [
    '4. Start cardiac monitoring',
    '5. For persistent poor perfusion in anaphylaxis after the first fluid bolus:',
    '   - Push-dose epinephrine 1 mcg/kg IV every 3 minutes',
    '6. For anaphylaxis:',
    '   - Epinephrine 0.01 mg/kg IM in the thigh',
  ].join('\n');

  it('is their parent, not a label line', () => {
    const all = units(text);
    const ctx = unitContexts(all);
    const i = all.findIndex((u) => u.text.startsWith('Epinephrine'));
    expect(ctx[i]?.parent?.text).toBe('For anaphylaxis:');
    expect(ctx[i]?.label).toBeUndefined();
  });

  it('stays their parent when it runs to a second sentence', () => {
    const all = units(
      '10. Consider pacing for a heart rate under 40. For infants place the pads front and back.\n   - Initial settings: rate 100 bpm, current 40 mA',
    );
    const ctx = unitContexts(all);
    const i = all.findIndex((u) => u.text.startsWith('Initial settings'));
    expect(ctx[i]?.parent?.text).toBe('Consider pacing for a heart rate under 40.');
  });

  it('names the condition its sub-items answer: not a condition nobody asked about', () => {
    const question = 'epi for a 4 year old with anaphylaxis';
    const chunk = retrieved('allergy-p#0', text, { title: 'Allergy (Pediatric)' });
    const draft = composeExtractive(
      { groups: groupsOf('epinephrine anaphylaxis'), values: questionValues(question), population: ['paediatric'] },
      [chunk],
      idf,
      options,
    );
    expect(texts(draft)[0]).toBe('For anaphylaxis: Epinephrine 0.01 mg/kg IM in the thigh');
  });
});

describe("a step's condition holding the patient's reading", () => {
  it('is quoted with what to do under it, not alone', () => {
    const chunk = retrieved(
      'diabetic#0',
      [
        '8. Check blood glucose',
        '9. For blood glucose > 400 mg/dL or reading HIGH:',
        '   - Normal Saline 1L IV rapid infusion',
        '10. For blood glucose 200-400 mg/dL with symptoms:',
        '   - CONTACT BASE for an order for Normal Saline 1L IV',
      ].join('\n'),
      { title: 'Diabetic Emergencies' },
    );
    const question = 'glucose is 450 mg/dl whats the fluid';
    const draft = composeExtractive({ groups: groupsOf('glucose fluid'), values: questionValues(question) }, [chunk], () => 2, options);
    expect(texts(draft)[0]).toBe('For blood glucose > 400 mg/dL or reading HIGH: Normal Saline 1L IV rapid infusion');
  });
});

describe('bands of age among the lines of a step', () => {
  const text = [
    '6. For blood glucose < 60 mg/dL:',
    '   - Oral glucose gel 15 g PO (4 years or older) if awake and alert',
    '   - If no IV access, Glucagon IM:',
    '   - < 1 year of age: Glucagon 0.5 mL IM, may repeat once',
    '   - ≥ 1 year of age: Glucagon 1 mL IM, may repeat once',
  ].join('\n');
  const chunk = retrieved('diabetic-p#0', text, { title: 'Diabetic Emergencies (Pediatric)' });
  const ask = (question: string, words: string) =>
    texts(
      composeExtractive(
        {
          groups: groupsOf(words),
          values: questionValues(question),
          population: questionPopulation(question).groups,
          kind: valueKindOf(question),
        },
        [chunk],
        idf,
        options,
      ),
    );

  it("lead with the band holding the patient's age and pass over its sibling", () => {
    const answer = ask('glucagon dose for a 9 month old', 'glucagon');
    expect(answer[0]).toMatch(/0\.5 mL/);
    expect(answer.join(' ')).not.toMatch(/1 mL IM/);
  });

  it('do not set back a line about another medicine whose band excludes the patient: it is the answer', () => {
    const answer = ask('can a 2 year old have oral glucose gel', 'oral glucose gel');
    expect(answer[0]).toMatch(/Oral glucose gel 15 g PO \(4 years or older\)/);
  });
});

describe('a document written for another group than the one the question names', () => {
  const newborn = retrieved(
    'newborn#0',
    'Begin chest compressions with ventilation at a 3:1 compression to ventilation ratio, 120 events per minute.',
    { title: 'Newborn Resuscitation', population: 'neonatal' },
    0.9,
  );
  const child = retrieved(
    'arrest-p#3',
    'Airway management with a bag and mask is preferred. Both continuous and interrupted (15:2) compressions and ventilations are acceptable.',
    { title: 'Cardiac Arrest (Pediatric)', population: 'paediatric' },
    0.8,
  );
  const question = 'compression to ventilation ratio for a 6 yo in arrest';
  const groups = groupsOf('compression ventilation ratio arrest');

  it('is not quoted, though it shares more words', () => {
    const draft = composeExtractive(
      { groups, values: questionValues(question), population: ['paediatric'], kind: valueKindOf(question) },
      [newborn, child],
      idf,
      options,
    );
    expect(texts(draft).join(' ')).toMatch(/15:2/);
    expect(texts(draft).join(' ')).not.toMatch(/3:1/);
  });

  it('ranks below the named group’s document without another version of its topic', () => {
    const order = rerankByCoverage([newborn, child], groups, idf, undefined, undefined, ['paediatric']).map((c) => c.id);
    expect(order[0]).toBe('arrest-p#3');
    // A question naming no group leaves the ranking to the words.
    expect(rerankByCoverage([newborn, child], groups, idf).map((c) => c.id)[0]).toBe('newborn#0');
  });
});

describe('a rate asked for', () => {
  it('is answered by the unit stating a rate, not a sentence naming the question words without one', () => {
    const special = retrieved(
      'arrest#7',
      'Bag-mask ventilation is associated with better outcomes, and an advanced airway should wait until after ROSC unless ventilation is inadequate.',
      { title: 'Cardiac Arrest', headingPath: ['Cardiac Arrest', 'Special Considerations'] },
      0.9,
    );
    const rosc = retrieved(
      'arrest#4',
      '12. For SBP < 90 mmHg:\n   - Continue low volume ventilations at 10 per minute',
      { title: 'Cardiac Arrest', headingPath: ['Cardiac Arrest', 'ROSC'] },
      0.6,
    );
    const question = 'ventilation rate after rosc adult';
    const draft = composeExtractive({ groups: groupsOf('ventilation rosc'), kind: valueKindOf(question) }, [special, rosc], idf, options);
    expect(texts(draft)[0]).toMatch(/10 per minute/);
  });

  it('is not followed by another value of its kind for a situation the question does not name', () => {
    const special = retrieved(
      'arrest-p#7',
      'Regardless of the ventilation method, ventilations should be no more frequent than 10 per minute. Once ROSC is achieved ventilation rates can increase to 20 per minute.',
      { title: 'Cardiac Arrest (Pediatric)', headingPath: ['Cardiac Arrest (Pediatric)', 'Special Considerations'] },
    );
    const question = 'ventilation rate for a child after ROSC';
    const draft = composeExtractive(
      { groups: groupsOf('ventilation rosc'), kind: valueKindOf(question), population: ['paediatric'] },
      [special],
      () => 2,
      options,
    );
    expect(texts(draft)[0]).toMatch(/20 per minute/);
    expect(texts(draft).join(' ')).not.toMatch(/10 per minute/);
  });
});

describe('a line under a label saying its use is not allowed', () => {
  it('is quoted with its label, and the sheet’s other parts do not join it', () => {
    const sheet = retrieved(
      'amio-ref#0',
      [
        '**Indications**',
        'Cardiac arrest with pulseless ventricular tachycardia',
        '**Other Indications (Not authorized for EMS administration)**',
        'Stable ventricular tachycardia with a pulse',
        '**Adult Dose**',
        'Adult Dose 300mg IV for ventricular tachycardia in arrest',
      ].join('\n'),
      { title: 'Drug Reference – Amiodarone' },
    );
    const draft = composeExtractive(
      { groups: groupsOf('amiodarone stable ventricular tachycardia pulse'), asserted: ['pulse'] },
      [sheet],
      () => 2,
      options,
    );
    expect(texts(draft)[0]).toBe('Other Indications (Not authorized for EMS administration): Stable ventricular tachycardia with a pulse');
    expect(texts(draft).join(' ')).not.toMatch(/300mg/);
  });
});

describe("the leading chunk's neighbours in its document", () => {
  const steps = retrieved(
    'sepsis-p#0',
    [
      '1. Assess airway and give oxygen as needed',
      '2. Establish vascular access',
      '3. For suspected sepsis:',
      '   - Normal Saline 20 mL/kg IV rapid infusion',
      '   - Contact base for an additional 20 mL/kg',
    ].join('\n'),
    { title: 'Fever and sepsis (paediatric)', chunkIndex: 0, chunkCount: 2 },
    0,
  );
  const considerations = retrieved(
    'sepsis-p#1',
    'Sepsis in a child may present with fever or hypothermia. A child with sepsis and poor perfusion is transported without delay.',
    {
      title: 'Fever and sepsis (paediatric)',
      headingPath: ['Fever and sepsis (paediatric)', 'Special considerations'],
      chunkIndex: 1,
      chunkCount: 2,
    },
  );
  const question = 'how much saline for sepsis in a child';
  const query = { groups: groupsOf(question), kind: valueKindOf(question) };

  it('are read with it: the dose in the steps before the leading chunk answers', () => {
    const draft = composeExtractive(query, [considerations], idf, { ...options, neighbours: () => [steps] });
    expect(texts(draft)[0]).toMatch(/Normal Saline 20 mL\/kg IV rapid infusion/);
    expect(draft.sources.map((s) => s.id)).toContain('sepsis-p#0');
  });

  it('are not read without the option: the leading chunk alone has no dose', () => {
    const draft = composeExtractive(query, [considerations], idf, options);
    expect(texts(draft).join(' ')).not.toMatch(/20 mL\/kg/);
  });
});

describe('the word asking for a kind of value', () => {
  it('is not covered by a unit that uses the word but states no value of the kind', () => {
    const protocol = retrieved(
      'brady-p#0',
      [
        '10. Consider transcutaneous pacing (TCP) for HR ≤ 40 with continued poor perfusion.',
        '   - Recommended initial settings: rate 70 bpm (100 bpm if < 12 months old), initial current 40 mA',
        '   - Contact base concurrent with initiation of TCP',
        '11. There are minimal data on the use of TCP in infants in the out-of-hospital setting.',
      ].join('\n'),
      { title: 'Bradycardia (paediatric)' },
    );
    const question = 'TCP settings for an infant';
    const draft = composeExtractive({ groups: groupsOf(question), kind: valueKindOf(question) }, [protocol], idf, options);
    expect(valueKindOf(question)?.kind).toBe('setting');
    expect(texts(draft)[0]).toMatch(/initial current 40 mA/);
  });
});

describe('a site asked for', () => {
  it('is stated by the lead: a row keyed by the medicine that names no site does not lead', () => {
    const formulations = retrieved(
      'formulations#0',
      ['| Medication | Formulation | Route |', '|---|---|---|', '| Epinephrine | 1mg/mL | IM |', '| Epinephrine | 0.1mg/mL | IV |'].join(
        '\n',
      ),
      { title: 'Drug formulations' },
    );
    const reference = retrieved(
      'epinephrine-ref#0',
      'Epinephrine is the drug of choice for anaphylaxis. Epinephrine (1mg/mL) 0.01mg/kg IM in the lateral thigh.',
      { title: 'Drug reference – epinephrine' },
    );
    const question = 'where do you give IM epinephrine';
    expect(valueKindOf(question)?.kind).toBe('site');
    const draft = composeExtractive({ groups: groupsOf(question), kind: valueKindOf(question) }, [formulations, reference], idf, options);
    expect(texts(draft)[0]).toMatch(/lateral thigh/);
  });
});

describe('a question about one medicine', () => {
  const chart = retrieved(
    'chart#0',
    [
      '| Medication | Route | Adult dose |',
      '|---|---|---|',
      '| Nitroglycerin | SL (adults only) | 0.4mg |',
      '| Ondansetron | ODT | 4mg |',
      '| Midazolam | IN/IM | see the drug reference |',
    ].join('\n'),
    { title: 'Drug doses' },
  );
  const reference = retrieved(
    'midazolam-ref#0',
    'Adult Dose: Seizure 10mg (2mL) IM/IN, or 5mg (1mL) IV/IO if existing vascular access, maximum total dose 20mg.',
    { title: 'Drug reference – midazolam' },
    0.3,
  );
  const question = 'no iv, adult seizure, midazolam dose';
  const query = {
    groups: groupsOf(question),
    kind: valueKindOf(question),
    negated: ['iv'],
    medicine: [[['midazolam']]] as TermGroups,
  };

  it('is answered by a line naming it, not by another medicine’s line that shares more of the question', () => {
    const protocol = retrieved('seizure#0', 'Adult seizure: Diazepam 10mg IV/IO, repeat once.\nMidazolam 10mg IM for an adult in status.', {
      title: 'Seizure',
    });
    const draft = composeExtractive({ ...query, negated: [] }, [protocol], idf, options);
    expect(texts(draft)[0]).toMatch(/^Midazolam 10mg IM/);
    expect(composeExtractive({ ...query, negated: [], medicine: undefined }, [protocol], idf, options).sentences[0]?.text).toMatch(
      /Diazepam/,
    );
    expect(texts(composeExtractive(query, [chart, reference], idf, options))[0]).toMatch(/10mg \(2mL\) IM\/IN/);
  });

  it('is not set back for a route it gives only as another choice ("or … IV/IO" for "no iv")', () => {
    const [unit] = bestUnits(reference, query.groups, idf, query);
    expect(unit?.opposite).toBe(false);
    const ivOnly = retrieved('iv-only#0', 'Adult Dose: Seizure 5mg (1mL) IV/IO push.', { title: 'Drug reference – midazolam' });
    expect(bestUnits(ivOnly, query.groups, idf, query)[0]?.opposite).toBe(true);
  });
});
