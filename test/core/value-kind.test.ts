/**
 * The kind of value a question asks for, read from its form as a crew types it, and the pattern of a line that
 * states such a value.
 */
import { describe, expect, it } from 'vitest';
import { impliedDose, KIND_WORDS, valueKindOf } from '../../src/core/question/value-kind.js';
import { stem } from '../../src/core/text.js';

const kindOf = (q: string) => valueKindOf(q)?.kind;

describe('valueKindOf', () => {
  it('reads each kind from the way it is asked', () => {
    expect(kindOf('cardioversion joules for a kid with svt')).toBe('energy');
    expect(kindOf('defib energy for a child in VF')).toBe('energy');
    expect(kindOf('what joules for the first shock')).toBe('energy');
    // A state of shock is no shock given: this asks a dose.
    expect(kindOf('What is the vancomycin loading dose in septic shock for a 70 kg patient?')).toBe('dose');
    expect(kindOf('What do I give for a child in shock?')).toBe('dose');
    expect(kindOf('compression to ventilation ratio for 2 rescuers')).toBe('ratio');
    expect(kindOf('TCP settings for an infant')).toBe('setting');
    expect(kindOf('fluid bolus for a septic child')).toBe('dose');
    // "No shock" is no shock given.
    expect(kindOf('possible sepsis but no shock - what is the time window for antibiotics?')).not.toBe('energy');
    expect(kindOf('how fast do i push adenosine')).toBe('rate');
    expect(kindOf('how often can i repeat the midaz')).toBe('frequency');
    expect(kindOf('pph how late after delivery can txa be given')).toBe('duration');
    expect(kindOf('epi dose for a 4 year old')).toBe('dose');
    expect(kindOf('target temperature for cooling after ROSC')).toBe('temperature');
    expect(kindOf('target sats 5 mins after birth')).toBe('target');
    expect(kindOf('MAP goal in septic shock')).toBe('target');
    expect(kindOf('at what glucose do we treat')).toBe('threshold');
    expect(kindOf('where do you give IM epi')).toBe('site');
    expect(kindOf('where do the pacing pads go on an infant')).toBe('site');
    expect(kindOf('IM or IV for naloxone')).toBe('route');
    // Where the crew goes is a destination, not a site on the body.
    expect(kindOf('12 lead shows stemi where do we go')).toBeUndefined();
    expect(kindOf('pregnant pt BP 160/100 how do i position her')).toBe('position');
  });

  it('reads no kind where the words ask none', () => {
    // A drug's target is a molecule, not a reading; a missed dose asks when, not how much.
    expect(kindOf('What is the target of imatinib?')).toBeUndefined();
    expect(kindOf('missed their Eliquis dose: take it now or skip?')).toBeUndefined();
    expect(kindOf('prolapsed cord management')).toBeUndefined();
  });

  it("matches a line stating the kind asked, in a protocol's units", () => {
    const states = (q: string, line: string) => valueKindOf(q)?.states.test(line);
    expect(states('target temperature after ROSC', 'Maintain a temperature of 32–36 °C for 24 hours')).toBe(true);
    expect(states('target temperature after ROSC', 'initiation of targeted temperature management improves outcomes')).toBe(false);
    expect(states('target sats 5 mins after birth', '5 min: 80-85%')).toBe(true);
    expect(states('defib energy for a child', 'Defibrillate at 2J/kg')).toBe(true);
    expect(states('epi dose for a 4 year old', 'Epinephrine 0.01mg/kg IM')).toBe(true);
    expect(states('epi dose for a 4 year old', 'Consider epinephrine for anaphylaxis')).toBe(false);
    // A site is a place on the body, which a route does not name.
    expect(states('where do you give IM epi', 'Epinephrine (1mg/mL) 0.01mg/kg IM in the lateral thigh')).toBe(true);
    expect(states('where do you give IM epi', 'Patients in anaphylaxis should be treated with Epinephrine IM')).toBe(false);
  });

  it('treats the words that ask a kind as no words a source must hold', () => {
    for (const w of ['dose', 'energy', 'rate', 'target', 'goal']) expect(KIND_WORDS.has(stem(w))).toBe(true);
    expect(KIND_WORDS.has(stem('adenosine'))).toBe(false);
  });
});

describe('impliedDose', () => {
  it('reads a question naming one medicine and asking nothing else as asking its dose', () => {
    expect(impliedDose('epi for a 4 year old with anaphylaxis?', true)?.kind).toBe('dose');
    expect(impliedDose('adenosine for a child in SVT', true)?.states.test('0.1mg/kg rapid IVP')).toBe(true);
  });

  it('leaves a question that asks something, or names no one medicine, to its own form', () => {
    expect(impliedDose('can i give fentanyl to a woman in labour', true)).toBeUndefined();
    expect(impliedDose('is ketorolac ok in a 70 year old', true)).toBeUndefined();
    expect(impliedDose('what do we do for a prolapsed cord', false)).toBeUndefined();
    expect(impliedDose('prolapsed cord management', false)).toBeUndefined();
    // A word naming another kind, or a reading, says what else is asked; a weight only says for whom.
    expect(impliedDose('insulin sliding scale rate', true)).toBeUndefined();
    expect(impliedDose('insulin cbg 15', true)).toBeUndefined();
    expect(impliedDose('paracetamol for a 12 kg child', true)?.kind).toBe('dose');
  });
});
