/**
 * Deviation lists: the items of a quality or audit list ("Adenosine not administered for SVT") say what was not
 * done, and a passage made of them is told from a protocol and from prose that says "is not used" or "if not
 * obtained".
 */
import { describe, expect, it } from 'vitest';
import { bestUnits } from '../../src/core/compose/extractive.js';
import { isDeviation, isDeviationList } from '../../src/core/deviation.js';
import { rerankByCoverage } from '../../src/core/retrieve/rerank.js';
import { terms } from '../../src/core/text.js';
import { retrieved } from './factories.js';

const AUDIT = [
  '- Adenosine not administered for SVT with adequate perfusion when vagal manoeuvres fail',
  '- Adenosine 12 mg not given after no conversion with 6 mg',
  '- Pain score not documented',
  '- Blood glucose not checked for altered level of consciousness',
  '- Incorrect dose of pain medication administered',
  '- Synchronized cardioversion not performed for poor perfusion',
].join('\n');
const PROTOCOL = [
  'For SVT with adequate perfusion, attempt vagal manoeuvres.',
  'If no conversion, give adenosine 6 mg rapid IV push.',
  'If still no conversion, adenosine 12 mg rapid IV push; do not give adenosine to a patient with poor perfusion.',
  'Adenosine is not used for irregular wide complex tachycardia.',
].join('\n');

describe('isDeviation', () => {
  it('reads a bare negated participle after its subject as an audit item', () => {
    expect(isDeviation('Adenosine not administered for SVT with adequate perfusion')).toBe(true);
    expect(isDeviation('Pain level not recorded')).toBe(true);
    expect(isDeviation('12-lead ECG not obtained within 10 minutes')).toBe(true);
  });

  it('does not read a sentence with an auxiliary, a modal or a conjunction before "not" as one', () => {
    expect(isDeviation('It is not used for diabetic ketoacidosis.')).toBe(false);
    expect(isDeviation('This information is often lost, if not obtained immediately on scene.')).toBe(false);
    expect(isDeviation('Do not give adenosine to a patient with poor perfusion.')).toBe(false);
    expect(isDeviation('Ultrasound is currently not established for the diagnosis of fractures.')).toBe(false);
    expect(isDeviation('Give adenosine 6 mg rapid IV push.')).toBe(false);
  });
});

describe('isDeviationList', () => {
  it('is a passage whose lines are mostly audit items, not a protocol or a short passage with one', () => {
    expect(isDeviationList(AUDIT)).toBe(true);
    expect(isDeviationList(PROTOCOL)).toBe(false);
    expect(isDeviationList('Aspirin not administered\nGive aspirin 324 mg')).toBe(false);
  });
});

describe('an audit list beside the protocol it audits', () => {
  const question = 'adenosine dose for SVT';
  const groups = terms(question).map((t) => [[t]]);
  const idf = (t: string) => (t === 'adenosin' ? 4 : t === 'svt' ? 3 : 1);
  const audit = retrieved('quality#0000', AUDIT, { title: 'Treatment protocol quality review' }, 0.9);
  const protocol = retrieved('svt#0000', PROTOCOL, { title: 'Tachycardia' }, 0.8);

  it('ranks the protocol first although the audit list scored higher', () => {
    expect(rerankByCoverage([audit, protocol], groups, idf).map((c) => c.id)).toEqual(['svt#0000', 'quality#0000']);
  });

  it("scores the audit list's lines below the protocol's", () => {
    const best = (c: typeof audit) => bestUnits(c, groups, idf, { kind: undefined })[0]?.score ?? 0;
    expect(best(protocol)).toBeGreaterThan(best(audit));
  });
});
