/**
 * The extractive composer's selection: one saying quoted once, units that fit the length, the opening words of a
 * sentence about the question's subject, and the question shapes that ask for a list.
 */
import { describe, expect, it } from 'vitest';
import { composeExtractive } from '../../src/core/compose/extractive.js';
import { unitContexts } from '../../src/core/compose/unit-context.js';
import { units } from '../../src/core/compose/units.js';
import type { TermGroups } from '../../src/core/confidence/features.js';
import { afterOf, asksForName, isListQuestion, negatedWords } from '../../src/core/question/question-shape.js';
import { valueKindOf } from '../../src/core/question/value-kind.js';
import { terms } from '../../src/core/text.js';
import { retrieved } from './factories.js';

const groupsOf = (q: string): TermGroups => terms(q).map((t) => [[t]]);
// The drug names are the rarest words, as in a real corpus; '\u0000' stands for an unseen term (the highest IDF).
const idf = (t: string) => (t === '\u0000' ? 8 : ['bimagrumab', 'tivozanib', 'sutezolid'].includes(t) ? 6 : 2);
const texts = (d: ReturnType<typeof composeExtractive>) => d.sentences.map((s) => s.text);

describe('extractive answers', () => {
  it('quotes a sentence once even when a source repeats it with other spacing or a section label', () => {
    const a = retrieved(
      'pm1#0000',
      'Tivozanib is a tyrosine kinase inhibitor which inhibits VEGF receptors 1, 2 and 3 at nanomolar concentrations. ' +
        'CONCLUSION: Tivozanib is a tyrosine kinase inhibitor which inhibits VEGF receptors 1 , 2 and 3 at nanomolar concentrations. ' +
        'Tivozanib was well tolerated by receptor positive patients in the study.',
      { title: 'PubMed 1' },
    );
    const draft = composeExtractive({ groups: groupsOf('Which receptor is inhibited by tivozanib?') }, [a], idf, {
      maxSources: 3,
      maxSentences: 4,
    });
    const said = texts(draft).filter((t) => /nanomolar/.test(t));
    expect(said).toHaveLength(1);
    expect(texts(draft).join(' ')).toMatch(/well tolerated/);
  });

  it('takes a shorter unit that fits the length rather than one that would run over it', () => {
    const long = `Tivozanib inhibits VEGF receptors in tumour cells; ${'it was studied in many settings and cohorts, '.repeat(8)}with consistent results.`;
    const a = retrieved(
      'pm2#0000',
      `Tivozanib inhibits VEGF receptor signalling in endothelial cells. ${long} Tivozanib inhibits receptor 1 most strongly.`,
      { title: 'PubMed 2' },
    );
    const draft = composeExtractive({ groups: groupsOf('Which receptor does tivozanib inhibit?') }, [a], idf, {
      maxSources: 3,
      maxSentences: 4,
      maxChars: 200,
    });
    const all = texts(draft);
    expect(all.some((t) => t.length > 300)).toBe(false);
    expect(all.join(' ')).toMatch(/receptor 1 most strongly/);
    expect(all.join(' ').length).toBeLessThanOrEqual(200);
  });

  it('leads with the sentence that names the subject first when no heading names it', () => {
    const a = retrieved(
      'pm3#0000',
      'In 14 patients we gave one dose of bimagrumab, which blocks activin receptors, or placebo. ' +
        'Bimagrumab is a human antibody that blocks the activin type II receptors.',
      { title: 'PubMed 3', headingPath: ['PubMed 3'] },
    );
    const draft = composeExtractive({ groups: groupsOf('Which receptor is inhibited by bimagrumab?') }, [a], idf, {
      maxSources: 3,
      maxSentences: 1,
    });
    expect(texts(draft)[0]).toMatch(/^Bimagrumab is a human antibody/);
  });

  it("quotes a report's title where it states what the sentences only circle, and a title joins only for a missing word", () => {
    const text =
      'Pharmacologic PP2A inhibition with LB-100 prior to radiotherapy enhanced the radiosensitivity of meningioma cells. ' +
      'Here, we examined radiosensitizing effects of LB-100, a novel inhibitor of PP2A, in meningioma.';
    const idfLb = (t: string) => (t === '\u0000' ? 8 : ['lb', '100', 'phosphatas'].includes(t) ? 6 : 2);
    const ask = { groups: groupsOf('Which phosphatase is inhibited by LB-100?') };
    const titled = retrieved('lb#0000', text, {
      title: 'LB-100, a novel Protein Phosphatase 2A (PP2A) inhibitor, sensitizes malignant meningioma cells to radiation',
      headingPath: ['LB-100, a novel Protein Phosphatase 2A (PP2A) inhibitor, sensitizes malignant meningioma cells to radiation'],
    });
    const answer = texts(composeExtractive(ask, [titled], idfLb, { maxSources: 3, maxSentences: 4 })).join(' ');
    expect(answer).toMatch(/Protein Phosphatase 2A/);
    // The same sentences under a topic title of a few words, or in a later chunk: nothing but the sentences.
    for (const meta of [
      { title: 'LB-100 phosphatase', headingPath: ['LB-100 phosphatase'] },
      { title: 'LB-100, a novel Protein Phosphatase 2A (PP2A) inhibitor, sensitizes cells', chunkIndex: 1 },
    ]) {
      const other = texts(composeExtractive(ask, [retrieved('lb#0001', text, meta)], idfLb, { maxSources: 3, maxSentences: 4 }));
      expect(other.every((t) => text.includes(t))).toBe(true);
    }
  });

  it('reads an abbreviation the source defines as the words it stands for', () => {
    const a = retrieved(
      'cvg#0000',
      'Cutis Verticis Gyrata-Intellectual Disability (CVG-ID) syndrome is a rare neurocutaneous syndrome characterized by ' +
        'intellectual disability and scalp folds. Here, we report a patient with CVG-ID that was diagnosed using the novel ' +
        'approach of magnetic resonance imaging.',
      { title: 'PubMed 9' },
    );
    const draft = composeExtractive(
      { groups: groupsOf('Which approach was used to diagnose a patient with Cutis Verticis Gyrata-Intellectual Disability syndrome?') },
      [a],
      (t) => (t === '\u0000' ? 8 : ['cuti', 'vertici', 'gyrata'].includes(t) ? 6 : 2),
      { maxSources: 3, maxSentences: 4 },
    );
    expect(texts(draft).join(' ')).toMatch(/magnetic resonance imaging/);
  });

  it("does not add a guideline's title to an answer whose row already says all the question asks", () => {
    const a = retrieved('doac#0000', '| DOAC | Standard dose |\n|---|---|\n| Rivaroxaban | 20 mg once daily with the evening meal |', {
      title: 'Rivaroxaban and other direct oral anticoagulants: standard dose and reduced dose',
      headingPath: ['Rivaroxaban and other direct oral anticoagulants: standard dose and reduced dose'],
    });
    const draft = composeExtractive({ groups: groupsOf('rivaroxaban standard dose') }, [a], idf, { maxSources: 3, maxSentences: 4 });
    expect(texts(draft)).toEqual(['DOAC: Rivaroxaban; Standard dose: 20 mg once daily with the evening meal']);
  });

  it('passes over a unit that names only the opposite of what was asked, even as a follower', () => {
    const a = retrieved('mg#0000', 'Loading dose: 4 g IV over 5 to 15 minutes. Maintenance: 1 g per hour by IV infusion for 24 hours.', {
      title: 'Magnesium sulfate',
      headingPath: ['Magnesium sulfate', 'Dose'],
    });
    const draft = composeExtractive(
      { groups: groupsOf('magnesium sulfate maintenance dose'), avoid: ['loading'], prefer: ['maintenance'] },
      [a],
      idf,
      { maxSources: 3, maxSentences: 4 },
    );
    expect(texts(draft)).toEqual(['Maintenance: 1 g per hour by IV infusion for 24 hours.']);
  });
});

describe('questions that ask for a list', () => {
  it("quote another document's item for a list question, not for a question about one thing", () => {
    const idfRoberts = (t: string) => (t === '\u0000' ? 8 : t === 'robert' ? 5 : t === 'syndrom' ? 3 : 2);
    const a = retrieved('pm1#0000', 'Roberts syndrome is caused by mutations in the ESCO2 gene.', { title: 'PubMed 1' });
    const b = retrieved('pm2#0000', 'A patient with a Roberts phenotype carried a mutated SMC3 gene.', { title: 'PubMed 2' });
    const groups = groupsOf('Which genes are mutated in Roberts syndrome?');
    const one = composeExtractive({ groups, list: false }, [a, b], idfRoberts, { maxSources: 3, maxSentences: 4 });
    const many = composeExtractive({ groups, list: true }, [a, b], idfRoberts, { maxSources: 3, maxSentences: 4 });
    expect(texts(one).join(' ')).not.toMatch(/SMC3/);
    expect(texts(many).join(' ')).toMatch(/ESCO2.*SMC3/);
  });

  it.each([
    ['Which genes are mutated in Roberts syndrome?', true],
    ['Which bacteria are enriched in the gut of infants?', true],
    ['List the main PPI databases.', true],
    ['Please list symptoms of measles.', true],
    ['What are the elements of the sepsis bundle?', true],
    ['which antibiotics for uti', true],
    ['Which gene controls the consistency of ear wax?', false],
    ['Which receptor is inhibited by bimagrumab?', false],
    ['Which is the first-line drug?', false],
    ['What does new confusion score on the early warning score?', false],
    ['What does a VIP score of 2 mean?', false],
    ['What is the maintenance dose of magnesium sulfate?', false],
  ])('%s → %s', (q, list) => {
    expect(isListQuestion(q)).toBe(list);
  });
});

describe('many short reports', () => {
  // Five abstracts each name sutezolid; the best one says what it was developed against only as "the disease".
  const lead = retrieved('ab1#0000', 'Sutezolid was developed against the disease in early trials.', { title: 'PubMed ab1' });
  const states = retrieved('ab2#0000', 'Sutezolid is an oxazolidinone antibiotic that treats pulmonary tuberculosis in adults.', {
    title: 'PubMed ab2',
  });
  const more = [3, 4, 5].map((n) =>
    retrieved(`ab${n}#0000`, `Sutezolid was given to a tuberculosis cohort of ${n * 10}.`, { title: `PubMed ab${n}` }),
  );
  const pool = [lead, states, ...more];
  const groups = groupsOf('Which disease is sutezolid for?');
  const compose = (named: boolean, chunks = pool) =>
    texts(composeExtractive({ groups, named, pool: chunks }, chunks, idf, { maxSources: 4, maxSentences: 4 })).join(' ');

  it('quotes what another report states when many reports name the subject and the question asks for a name', () => {
    expect(compose(true)).toMatch(/^Sutezolid was developed/);
    expect(compose(true)).toMatch(/treats pulmonary tuberculosis/);
  });

  it('keeps to the best source for a yes/no question, or when one long document holds the retrieved chunks', () => {
    expect(compose(false)).not.toMatch(/tuberculosis/);
    // A guideline: the best document holds two of the retrieved chunks (two × 3 > the five naming documents).
    const second = retrieved('ab1#0001', 'Sutezolid doses are given once daily.', { title: 'PubMed ab1', chunkIndex: 1 });
    expect(compose(true, [lead, second, states, ...more])).not.toMatch(/tuberculosis/);
  });

  it.each([
    ['Which disease is sutezolid developed for?', true],
    ['How rare are circulating tumour cells in plasma?', true],
    ['When is serum AFP used as a marker?', true],
    ['Is the year of surgery a predictor of outcome?', false],
    ['Does sutezolid work in tuberculosis, and which dose?', false],
  ])('%s asks for a name: %s', (q, named) => {
    expect(asksForName(q)).toBe(named);
  });
});

describe('what was given already', () => {
  it.each([
    ['pph what do i give after oxytocin', ['oxytocin']],
    ['If carboprost fails, what next?', ['carboprost']],
    ['PPH - ergometrine given, what next?', ['ergometrin']],
    ['What is the maximum dose of oxytocin?', undefined],
  ])('%s → %j', (q, after) => {
    expect(afterOf(q).after).toEqual(after);
  });
});

describe('what the question negates', () => {
  it.each([
    ['INR 9 on warfarin, no bleeding', ['bleed']],
    ['hypo pt unconscious no iv access', ['iv']],
    ['febrile without signs of sepsis', ['sepsi']],
    ['is it ok if she is not on insulin', []],
    ['not pregnant, no IV', ['pregnant', 'iv']],
  ])('%s → %j', (q, words) => {
    expect(negatedWords(q)).toEqual(words);
  });
});

describe('a chunk that starts under a label an earlier chunk holds', () => {
  // The second chunk of a drug reference: its first lines sit under "Adult Dose", which the first chunk holds.
  const text = [
    'Respiratory Distress with wheezing 5mg (6mL) via neb or 4 puffs via MDI',
    'May repeat x2 prn for wheezing',
    'Pediatric Dose',
    'Respiratory Distress with wheezing, < 4 year of age 2.5mg (3mL) via neb or 2 puffs via MDI',
  ].join('\n');
  const question = 'albuterol dose for a wheezing 2 year old';
  const query = {
    groups: groupsOf('albuterol dose wheezing'),
    population: ['paediatric'] as const,
    kind: valueKindOf(question),
  };

  it("does not lead a child's answer with the adult line the earlier chunk's label is over", () => {
    const labelled = retrieved('alb#0001', text, { title: 'Albuterol', label: 'Adult Dose', chunkIndex: 1, chunkCount: 2 });
    const draft = composeExtractive(query, [labelled], idf, { maxSources: 1, maxSentences: 2 });
    expect(texts(draft)[0]).toMatch(/2\.5mg/);
    // The label is not quoted: this chunk does not hold it.
    expect(texts(draft).join(' ')).not.toMatch(/Adult Dose/);
  });

  it("reads the chunk's first lines as the open label's group, and the lines under its own label as theirs", () => {
    const all = units(text);
    const groups = (label?: string) => unitContexts(all, label).map((c) => c.groups);
    expect(groups('Adult Dose')).toEqual([['adult'], ['adult'], ['paediatric'], ['paediatric']]);
    // Without it the first lines are of no group: nothing sets them back for a child's question.
    expect(groups()).toEqual([[], [], ['paediatric'], ['paediatric']]);
  });
});
