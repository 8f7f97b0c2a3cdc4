import { describe, expect, it } from 'vitest';
import { agreement, questionPopulation, statedAges, statedWeights, topicOf } from '../../src/core/question/population.js';
import { rerankByCoverage } from '../../src/core/retrieve/rerank.js';
import { terms } from '../../src/core/text.js';
import { documentPopulation, perKgDoses, typeDocuments } from '../../src/ingest/population.js';
import type { SourceDocument } from '../../src/ingest/source-document.js';
import { retrieved } from './factories.js';

const groupsOf = (q: string) => terms(q).map((t) => [[t]]);

describe('questionPopulation: the patient group a question is about', () => {
  it.each([
    ['epi for a 4 year old with anaphylaxis?', ['paediatric'], '4 years old'],
    ['kid 3 yo glucose 40 what dextrose dose', ['paediatric'], '3 years old'],
    ['seizing 4 month old midaz dose', ['paediatric'], '4 months old'],
    ['15 kg pt in pulseless vtach', ['paediatric'], '15 kg'],
    ['44 lb pt in shock how much NS', ['paediatric'], '20 kg'],
    ['newborn HR 50 compressions ratio', ['neonatal'], 'neonatal'],
    ['baby 3 days old not feeding', ['neonatal'], '3 days old'],
    ['pregnant pt BP 160/100 how do i position her', ['obstetric'], 'obstetric'],
    ['67M chest pain aspirin dose', ['adult'], '67 years old'],
    ['16 year old girl with asthma', ['adult'], '16 years old'],
    ['adult anaphylaxis epi dose', ['adult'], 'adult'],
  ])('%s → %j', (q, groups, cue) => {
    const read = questionPopulation(q);
    expect(read.groups).toEqual(groups);
    expect(read.cue).toBe(cue);
  });

  it.each([
    'what is the dose of epinephrine in anaphylaxis',
    'on warfarin for 4 years, INR 9',
    'vanc trough came back 22',
    'an 80 kg man with a GI bleed, how much TXA',
    'amio 300 mg in VF',
  ])('names no group: %s', (q) => {
    expect(questionPopulation(q).groups).toEqual([]);
  });

  it('reads ages and weights as a crew writes them', () => {
    expect(statedAges('4yo')).toEqual([4]);
    expect(statedAges('a 9 m/o')).toEqual([0.75]);
    expect(statedAges('pt 72F sob')).toEqual([72]);
    expect(statedAges('repeat for 4 years')).toEqual([]);
    expect(statedWeights('15kg')).toEqual([15]);
    expect(statedWeights('44 lbs')[0]).toBeCloseTo(19.96, 1);
    expect(statedWeights('0.1 mg/kg')).toEqual([]);
  });
});

describe('agreement between the asked group and a source written for a group', () => {
  it('prefers the asked group, rules out the other side of child and adult, and is silent where either does not say', () => {
    expect(agreement(['paediatric'], ['paediatric'])).toBe(1);
    expect(agreement(['paediatric'], ['adult'])).toBe(-1);
    expect(agreement(['adult'], ['paediatric'])).toBe(-1);
    expect(agreement(['obstetric'], ['adult'])).toBe(0);
    expect(agreement(['neonatal'], ['paediatric'])).toBe(0);
    expect(agreement(['paediatric'], ['neonatal'])).toBe(-1);
    expect(agreement([], ['adult'])).toBe(0);
    expect(agreement(['adult'], [])).toBe(0);
  });
});

describe('documentPopulation and typeDocuments: whom a document is written for', () => {
  const doc = (id: string, title: string, text: string): SourceDocument => ({
    id,
    title,
    text,
    collection: 'general',
    format: 'text',
    path: `${id}.txt`,
    header: {},
    supersedes: [],
  });

  it('reads the groups a title names', () => {
    expect(documentPopulation(doc('a', 'Hypoglycaemia in adults with diabetes', ''))).toEqual(['adult']);
    expect(documentPopulation(doc('b', 'Newborn / neonatal resuscitation', ''))).toEqual(['neonatal']);
    expect(documentPopulation(doc('c', 'Postpartum haemorrhage', ''))).toEqual(['obstetric']);
  });

  it('reads a text that names one group far more than the others, and leaves a text for both unmarked', () => {
    const child =
      'In pediatric patients check glucose.\n< 1 year of age: 0.5 mL\n≥ 1 year of age: 1 mL\nPediatric patients need transport.';
    expect(documentPopulation(doc('d', 'Diabetic emergencies', child))).toEqual(['paediatric']);
    const both = 'Adult Dose 1 mg IM\nPediatric Dose\n< 1 year of age 0.5 mL\n≥ 1 year of age 1 mL\nAdult patients may repeat once.';
    expect(documentPopulation(doc('e', 'Drug reference: glucagon', both))).toEqual([]);
  });

  it('tells versions of one topic apart by their doses per kilogram, and marks the other version adult', () => {
    const adult = doc('1207', 'Treatment Protocol: SHOCK Ref. No. 1207', 'Normal Saline 1L IV rapid infusion\nPush-dose epinephrine 1 mL');
    const child = doc('1207-p', 'Treatment Protocol: SHOCK Ref. No. 1207-P', 'Normal Saline 20mL/kg IV\nLidocaine 0.5mg/kg IO');
    const other = doc('1300', 'Medical control guidelines', 'Epinephrine 0.01mg/kg and 2 J/kg');
    expect(topicOf(adult.title)).toBe(topicOf(child.title));
    expect(perKgDoses(child.text)).toBe(2);
    typeDocuments([adult, child, other]);
    expect(child.population).toEqual(['paediatric']);
    expect(adult.population).toEqual(['adult']);
    expect(other.population).toEqual([]);
    // Marked as versions of one topic, for the rerank to choose between.
    expect([adult.topic, child.topic, other.topic]).toEqual(['treatment protocol shock', 'treatment protocol shock', undefined]);
  });

  it('keeps a population given in front matter', () => {
    const d = { ...doc('f', 'Fluids', 'Normal Saline 20mL/kg'), population: ['obstetric' as const] };
    typeDocuments([d]);
    expect(d.population).toEqual(['obstetric']);
  });
});

describe('rerankByCoverage with patient groups', () => {
  const idf = () => 1;
  const adult = retrieved(
    'adult#0000',
    'For anaphylaxis: Epinephrine 0.5mg IM',
    { population: 'adult', title: 'Allergy', topic: 'allergy' },
    0.9,
  );
  const child = retrieved(
    'child#0000',
    'For anaphylaxis: Epinephrine 0.01mg/kg IM',
    { population: 'paediatric', title: 'Allergy', topic: 'allergy' },
    0.85,
  );

  it('puts the version for the asked group first', () => {
    const q = 'epinephrine anaphylaxis dose';
    expect(rerankByCoverage([adult, child], groupsOf(q), idf, undefined, undefined, ['paediatric'])[0]?.id).toBe('child#0000');
    expect(rerankByCoverage([child, adult], groupsOf(q), idf, undefined, undefined, ['adult'])[0]?.id).toBe('adult#0000');
  });

  it('reads a question naming no group as an adult one where both versions are there', () => {
    const q = 'epinephrine anaphylaxis dose';
    const childFirst = { ...child, score: 0.95 };
    expect(rerankByCoverage([childFirst, adult], groupsOf(q), idf)[0]?.id).toBe('adult#0000');
  });

  it('leaves documents that are no versions of one topic to their words, whatever groups they are for', () => {
    const q = 'epinephrine anaphylaxis dose';
    const plain = (c: typeof child, score: number) => ({ ...c, score, meta: { ...c.meta, topic: undefined } });
    expect(rerankByCoverage([plain(child, 0.95), plain(adult, 0.9)], groupsOf(q), idf, undefined, undefined, ['adult'])[0]?.id).toBe(
      'child#0000',
    );
  });
});
